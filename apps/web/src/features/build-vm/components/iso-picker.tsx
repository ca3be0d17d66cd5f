import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Spinner } from '../../../components/ui/spinner.js';
import { FieldError } from '../../../components/ui/field.js';
import { paths } from '../../../lib/paths.js';
import { optionsOf, useListboxKeys } from '../hooks/use-listbox-keys.js';
import { filterGroups, type IsoCatalogue, type IsoEntry } from '../utils/iso-catalogue.js';
import { NodeGroup, nodeNoteId, SharedGroup } from './iso-options.js';

interface IsoPickerProps {
  catalogue: IsoCatalogue;
  nodesLoading: boolean;
  nodesError: Error | null;
  selectedKey: string | undefined;
  onSelect: (entry: IsoEntry) => void;
  error?: string | undefined;
}

/**
 * Every node's ISOs as one listbox (`role=listbox`, a `group` per node and storage, an `option`
 * per ISO), with shared storage shown once. Arrows move, Enter/Space/click choose: the form
 * suggests the OS type only then. Names are React text nodes: `<img onerror=…>.iso` stays text.
 */
export function IsoPicker(props: IsoPickerProps) {
  const { catalogue, nodesLoading, nodesError, error, selectedKey, onSelect } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const listId = useId();
  const errorId = useId();
  const [search, setSearch] = useState('');
  const [focusedKey, setFocusedKey] = useState<string>();
  const shared = filterGroups(catalogue.shared, search);
  const nodeGroups = catalogue.nodes.map((s) => filterGroups(s.groups, search));
  const visibleKeys = [...nodeGroups.flat(), ...shared].flatMap((g) => g.entries.map((e) => e.key));
  const stillLoading = nodesLoading || catalogue.nodes.some((s) => s.state === 'loading');
  // Tab enters the list at the option last focused, else the chosen one, else the first.
  const tabbableKey =
    [focusedKey, selectedKey].find((k) => k && visibleKeys.includes(k)) ?? visibleKeys[0];

  function choose(key: string) {
    const entry = catalogue.entries.find((e) => e.key === key);
    if (entry) onSelect(entry);
  }
  const onKeyDown = useListboxKeys(choose);
  const notes = catalogue.nodes
    .filter((s) => s.state === 'offline' || s.state === 'error')
    .map((s) => nodeNoteId(listId, s.node));
  const describedBy = [error ? errorId : '', `${labelId}-keys`, ...notes].filter(Boolean).join(' ');
  const optionProps = { selectedKey, tabbableKey, onChoose: choose };

  return (
    <div className="field iso-picker">
      <span id={labelId} className="label">
        ISO image <span aria-hidden="true">*</span>
      </span>
      <input
        type="search"
        aria-label="Search ISO images"
        aria-controls={listId}
        placeholder="Search ISO images…"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={(event) => {
          // Enter in the search box filters, it does not submit the build.
          if (event.key === 'Enter') event.preventDefault();
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            const options = optionsOf(listRef.current);
            (options.find((o) => o.tabIndex === 0) ?? options[0])?.focus();
          }
        }}
      />
      <p className="field-hint" id={`${labelId}-keys`}>
        Arrow keys move through the list; Enter or Space chooses an ISO.
      </p>
      {nodesLoading ? <Spinner label="Loading the cluster's nodes…" /> : null}
      {nodesError ? (
        <p role="alert" className="field-error">
          Could not list the cluster&apos;s nodes: {nodesError.message}
        </p>
      ) : null}
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-labelledby={labelId}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-busy={stillLoading}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const key = (event.target as HTMLElement).dataset.key;
          if (key) setFocusedKey(key);
        }}
        className="iso-list"
      >
        {catalogue.nodes.map((section) => (
          <NodeGroup
            key={section.node}
            section={section}
            search={search}
            listId={listId}
            {...optionProps}
          />
        ))}
        {shared.length > 0 ? <SharedGroup groups={shared} {...optionProps} /> : null}
      </div>
      {!stillLoading && visibleKeys.length === 0 ? (
        <p className="muted">
          {search ? `No ISO image matches “${search}”.` : 'No ISO images found on any node.'}
        </p>
      ) : null}
      <FieldError id={errorId} message={error} />
      <p className="field-hint">
        ISO missing? <Link to={`${paths.isoLibrary}?add=download`}>Add an ISO</Link>
      </p>
    </div>
  );
}
