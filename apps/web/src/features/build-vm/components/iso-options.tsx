import { Fragment, useId } from 'react';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatBytes } from '../../../lib/format.js';
import {
  filterGroups,
  type IsoEntry,
  type IsoGroup,
  type NodeSection,
} from '../utils/iso-catalogue.js';

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

export interface OptionProps {
  selectedKey: string | undefined;
  /** The one option in the Tab order (roving tabindex). */
  tabbableKey: string | undefined;
  onChoose: (key: string) => void;
}

/** Why a node lists no ISOs: an id so the listbox can be described by it. */
export function nodeNoteId(listId: string, node: string) {
  return `${listId}-note-${node}`;
}

/**
 * One node's ISOs as a `group` of the listbox ("Node pve1"). Its state (still loading, offline,
 * unreadable) is shown in the group and also describes the listbox, so a screen reader hears it.
 */
export function NodeGroup({
  section,
  search,
  listId,
  ...props
}: OptionProps & { section: NodeSection; search: string; listId: string }) {
  const groups = filterGroups(section.groups, search);
  const noteId = nodeNoteId(listId, section.node);
  return (
    <div role="group" aria-label={`Node ${section.node}`} className="iso-node">
      <div className="iso-node-title" aria-hidden="true">
        Node {section.node}
      </div>
      {section.state === 'loading' ? (
        <Spinner label={`Loading ISO images from ${section.node}…`} />
      ) : null}
      {section.state === 'offline' ? (
        <div className="node-offline" id={noteId}>
          {section.node} is offline: its ISO images cannot be used right now
          {section.message ? ` (${section.message}).` : '.'}
        </div>
      ) : null}
      {section.state === 'error' ? (
        <div className="node-offline" id={noteId}>
          Could not read ISO images from {section.node}
          {section.message ? `: ${section.message}` : '.'}
        </div>
      ) : null}
      {section.state === 'ok' && section.groups.length === 0 ? (
        <div className="muted">No ISO images on local storage.</div>
      ) : null}
      {groups.map((group) => (
        <StorageGroup key={group.key} group={group} {...props} />
      ))}
    </div>
  );
}

/** ISOs on shared storage, listed once ("Shared storage"). */
export function SharedGroup({ groups, ...props }: OptionProps & { groups: IsoGroup[] }) {
  return (
    <div role="group" aria-label="Shared storage" className="iso-node">
      <div className="iso-node-title" aria-hidden="true">
        Shared storage
      </div>
      {groups.map((group) => (
        <StorageGroup key={group.key} group={group} {...props} />
      ))}
    </div>
  );
}

function StorageGroup({ group, ...props }: OptionProps & { group: IsoGroup }) {
  const titleId = useId();
  return (
    <div role="group" aria-labelledby={titleId} className="iso-group">
      <div id={titleId} className="iso-group-title">
        {group.storage}
        {group.shared ? ` (shared, readable by ${group.nodes.join(', ')})` : ''}
      </div>
      {group.entries.map((entry) => (
        <IsoOption key={entry.key} entry={entry} {...props} />
      ))}
    </div>
  );
}

/** One ISO: chosen by click, Enter or Space; the name is text only (markup in it stays text). */
function IsoOption({
  entry,
  selectedKey,
  tabbableKey,
  onChoose,
}: OptionProps & { entry: IsoEntry }) {
  const metaId = useId();
  const selected = selectedKey === entry.key;
  return (
    <div
      role="option"
      data-key={entry.key}
      aria-selected={selected}
      // The visible name has break opportunities (<wbr>); the spoken name is the file name.
      aria-label={entry.iso.name}
      aria-describedby={metaId}
      tabIndex={tabbableKey === entry.key ? 0 : -1}
      className={selected ? 'iso-option selected' : 'iso-option'}
      onClick={() => onChoose(entry.key)}
    >
      <span className="iso-check" aria-hidden="true" />
      <span className="iso-name" title={entry.iso.name}>
        <BreakableName name={entry.iso.name} />
      </span>
      <span id={metaId} className="iso-meta">
        {formatBytes(entry.iso.size)}
        {entry.node ? ` on ${entry.node}` : ` on ${entry.nodes.join(', ')}`}
      </span>
    </div>
  );
}
