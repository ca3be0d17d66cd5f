import { Fragment, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { Spinner } from '../../../components/ui/spinner.js';
import { FieldError } from '../../../components/ui/field.js';
import { formatBytes } from '../../../lib/format.js';
import { paths } from '../../../lib/paths.js';
import {
  filterGroups,
  type IsoCatalogue,
  type IsoEntry,
  type IsoGroup,
  type NodeSection,
} from '../utils/iso-catalogue.js';

interface IsoPickerProps {
  catalogue: IsoCatalogue;
  nodesLoading: boolean;
  nodesError: Error | null;
  selectedKey: string | undefined;
  onSelect: (entry: IsoEntry) => void;
  error?: string | undefined;
}

/**
 * Every node's ISOs as radio buttons, grouped by node and storage, with shared storage shown once.
 * Names are rendered as React text nodes only: a file called `<img onerror=…>.iso` stays text.
 */
/** File names break after `_`, `-` and `.` (never mid-word); the text stays one text run. */
export function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=[_.-])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}

const NEXT_KEYS: Record<string, 1 | -1 | 'first' | 'last'> = {
  ArrowDown: 1,
  ArrowRight: 1,
  ArrowUp: -1,
  ArrowLeft: -1,
  Home: 'first',
  End: 'last',
};

/**
 * Listbox keys on the ISO radios: arrows, Home and End move the focus only (a radio group would
 * check each ISO passed on the way and re-suggest the OS type every time); Space or Enter
 * chooses the focused ISO. Enter never submits the form from here.
 */
function onListKeyDown(event: KeyboardEvent<HTMLDivElement>) {
  const target = event.target;
  if (!(target instanceof HTMLInputElement) || target.type !== 'radio') return;
  if (event.key === 'Enter') {
    event.preventDefault();
    if (!target.checked) target.click();
    return;
  }
  const move = NEXT_KEYS[event.key];
  if (move === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  const radios = [...event.currentTarget.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  const at = radios.indexOf(target);
  const next =
    move === 'first'
      ? radios[0]
      : move === 'last'
        ? radios.at(-1)
        : radios[Math.min(radios.length - 1, Math.max(0, at + move))];
  next?.focus();
}

export function IsoPicker(props: IsoPickerProps) {
  const { catalogue, nodesLoading, nodesError, error } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const errorId = useId();
  const [search, setSearch] = useState('');
  const shared = filterGroups(catalogue.shared, search);
  const anyMatch =
    shared.length > 0 ||
    catalogue.nodes.some((section) => filterGroups(section.groups, search).length > 0);
  const stillLoading = nodesLoading || catalogue.nodes.some((s) => s.state === 'loading');

  return (
    <div className="field iso-picker">
      <span id={labelId} className="label">
        ISO image <span aria-hidden="true">*</span>
      </span>
      <input
        type="search"
        aria-label="Search ISO images"
        placeholder="Search ISO images…"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={(event) => {
          // Enter in the search box filters, it does not submit the build.
          if (event.key === 'Enter') event.preventDefault();
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            const list = listRef.current;
            (
              list?.querySelector<HTMLInputElement>('input:checked') ??
              list?.querySelector<HTMLInputElement>('input[type="radio"]')
            )?.focus();
          }
        }}
      />
      <p className="field-hint" id={`${labelId}-keys`}>
        Arrow keys move through the list; Space or Enter chooses an ISO.
      </p>
      <div
        ref={listRef}
        role="radiogroup"
        aria-labelledby={labelId}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${labelId}-keys` : `${labelId}-keys`}
        tabIndex={-1}
        onKeyDown={onListKeyDown}
        aria-busy={stillLoading}
        className="iso-list"
      >
        {nodesLoading ? <Spinner label="Loading the cluster's nodes…" /> : null}
        {nodesError ? (
          <p role="alert" className="field-error">
            Could not list the cluster&apos;s nodes: {nodesError.message}
          </p>
        ) : null}
        {catalogue.nodes.map((section) => (
          <NodeBlock key={section.node} section={section} search={search} {...props} />
        ))}
        {shared.length > 0 ? (
          <section className="iso-node" aria-label="Shared storage">
            <h4>Shared storage</h4>
            {shared.map((group) => (
              <GroupBlock key={group.key} group={group} {...props} />
            ))}
          </section>
        ) : null}
        {!stillLoading && !anyMatch ? (
          <p className="muted">
            {search ? `No ISO image matches “${search}”.` : 'No ISO images found on any node.'}
          </p>
        ) : null}
      </div>
      <FieldError id={errorId} message={error} />
      <p className="field-hint">
        ISO missing? <Link to={`${paths.isoLibrary}?add=download`}>Add an ISO</Link>
      </p>
    </div>
  );
}

function NodeBlock({
  section,
  search,
  ...props
}: IsoPickerProps & { section: NodeSection; search: string }) {
  const groups = filterGroups(section.groups, search);
  return (
    <section className="iso-node" aria-label={`Node ${section.node}`}>
      <h4>Node {section.node}</h4>
      {section.state === 'loading' ? (
        <Spinner label={`Loading ISO images from ${section.node}…`} />
      ) : null}
      {section.state === 'offline' ? (
        <p className="node-offline">
          {section.node} is offline: its ISO images cannot be used right now
          {section.message ? ` (${section.message}).` : '.'}
        </p>
      ) : null}
      {section.state === 'error' ? (
        <p className="node-offline">
          Could not read ISO images from {section.node}
          {section.message ? `: ${section.message}` : '.'}
        </p>
      ) : null}
      {section.state === 'ok' && section.groups.length === 0 ? (
        <p className="muted">No ISO images on local storage.</p>
      ) : null}
      {groups.map((group) => (
        <GroupBlock key={group.key} group={group} {...props} />
      ))}
    </section>
  );
}

function GroupBlock({ group, ...props }: IsoPickerProps & { group: IsoGroup }) {
  return (
    <div className="iso-group">
      <h5>
        {group.storage}
        {group.shared ? ` (shared, readable by ${group.nodes.join(', ')})` : ''}
      </h5>
      <ul>
        {group.entries.map((entry) => (
          <IsoOption key={entry.key} entry={entry} {...props} />
        ))}
      </ul>
    </div>
  );
}

function IsoOption({ entry, selectedKey, onSelect }: IsoPickerProps & { entry: IsoEntry }) {
  const metaId = useId();
  return (
    <li className={selectedKey === entry.key ? 'iso-option selected' : 'iso-option'}>
      <label>
        <input
          type="radio"
          name="iso-choice"
          value={entry.key}
          checked={selectedKey === entry.key}
          onChange={() => onSelect(entry)}
          // The visible name has break opportunities (<wbr>); the spoken name is the file name.
          aria-label={entry.iso.name}
          aria-describedby={metaId}
        />
        <span className="iso-name" title={entry.iso.name}>
          <BreakableName name={entry.iso.name} />
        </span>
      </label>
      <span id={metaId} className="iso-meta">
        {formatBytes(entry.iso.size)}
        {entry.node ? ` on ${entry.node}` : ` on ${entry.nodes.join(', ')}`}
      </span>
    </li>
  );
}
