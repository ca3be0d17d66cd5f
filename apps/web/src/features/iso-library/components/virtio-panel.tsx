import type { IsoLibraryResponse } from '@labforge/contracts';
import { VirtioPinForm } from './virtio-pin-form.js';

/** Which virtio-win ISO each node would attach to a Windows build. */
export function VirtioPanel({
  virtio,
  admin,
}: {
  virtio: IsoLibraryResponse['virtio'];
  admin: boolean;
}) {
  return (
    <section className="card" aria-labelledby="virtio-title">
      <h2 id="virtio-title">Windows drivers (virtio-win)</h2>
      <p className="field-hint">
        {virtio.pinned ? 'Pinned by an administrator: ' : 'Downloaded when a node has none: '}
        <span className="iso-name">{virtio.source.filename}</span>
        {virtio.source.sha256 ? ' (SHA-256 checked)' : ''}
      </p>
      <ul className="virtio-nodes">
        {virtio.nodes.map((n) => (
          <li key={n.node}>
            <strong>{n.node}</strong>:{' '}
            {n.volid
              ? `${n.volid.replace(/^[^:]*:iso\//, '')} (${n.version ?? 'unknown version'})`
              : 'none yet, a Windows build downloads it first'}
          </li>
        ))}
      </ul>
      {admin ? <VirtioPinForm pinned={virtio.pinned} /> : null}
    </section>
  );
}
