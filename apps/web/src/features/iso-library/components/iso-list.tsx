import type { IsoUse, LibraryIso } from '@labforge/contracts';
import { formatBytes } from '../../../lib/format.js';
import { BreakableName } from './breakable-name.js';

const useText = (u: IsoUse) =>
  `${u.template ? 'Template' : 'VM'} ${u.vmid}${u.name ? ` ${u.name}` : ''}`;

function addedText(iso: LibraryIso): string | undefined {
  if (iso.added_by) return `added by ${iso.added_by}`;
  return iso.ctime ? new Date(iso.ctime * 1000).toLocaleDateString() : undefined;
}

/** The ISOs as a list of rows that become cards on a phone. */
export function IsoList({
  isos,
  onRemove,
}: {
  isos: readonly LibraryIso[];
  onRemove: (iso: LibraryIso) => void;
}) {
  if (isos.length === 0) return <p>No ISO images yet. Add one with the buttons above.</p>;
  return (
    <table className="iso-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Size</th>
          <th scope="col">Where</th>
          <th scope="col">Used by</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {isos.map((iso) => (
          <tr key={`${iso.volid}@${iso.node}`}>
            <td data-label="Name">
              <BreakableName name={iso.name} />
              {iso.virtio ? <span className="badge">Windows drivers</span> : null}
              {iso.checksum ? (
                <span className="badge">{iso.checksum.algorithm} verified</span>
              ) : null}
              {addedText(iso) ? <div className="field-hint">{addedText(iso)}</div> : null}
            </td>
            <td data-label="Size">{formatBytes(iso.size)}</td>
            <td data-label="Where">
              {iso.storage} · {iso.shared ? `shared (${iso.nodes.join(', ')})` : iso.node}
            </td>
            <td data-label="Used by">
              {iso.used_by.length ? iso.used_by.map(useText).join(', ') : 'nothing'}
            </td>
            <td>
              {iso.removable ? (
                <button
                  type="button"
                  className="button-small"
                  onClick={() => onRemove(iso)}
                  aria-label={`Remove ${iso.name}`}
                  disabled={iso.used_by.length > 0}
                  title={
                    iso.used_by.length > 0 ? 'In use: remove it from those VMs first' : undefined
                  }
                >
                  Remove
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
