import { useId, useState } from 'react';
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
export function IsoPicker(props: IsoPickerProps) {
  const { catalogue, nodesLoading, nodesError, error } = props;
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
      />
      <div
        role="radiogroup"
        aria-labelledby={labelId}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
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
          aria-describedby={metaId}
        />
        <span className="iso-name">{entry.iso.name}</span>
      </label>
      <span id={metaId} className="iso-meta">
        {formatBytes(entry.iso.size)}
        {entry.node ? ` on ${entry.node}` : ` on ${entry.nodes.join(', ')}`}
      </span>
    </li>
  );
}
