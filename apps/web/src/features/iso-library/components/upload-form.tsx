import { normaliseIsoName, type IsoAddResult } from '@labforge/contracts';
import { useId, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { formatBytes } from '../../../lib/format.js';
import { useRefreshIsos } from '../api/get-library.js';
import { uploadIso, type UploadHandle } from '../api/upload-iso.js';
import { useIsoSource } from '../hooks/use-iso-source.js';
import { IsoAddActions, type IsoAddFormProps } from './iso-add-actions.js';
import { IsoSourceFields } from './iso-source-fields.js';
import { TransferBar } from './transfer-bar.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; sent: number; total: number }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; result: IsoAddResult };

/** "Upload from this computer": the browser sends the file, LabForge passes it on to Proxmox. */
export function UploadForm({ library, onClose, autoFocus = false }: IsoAddFormProps) {
  const id = useId();
  const source = useIsoSource(library.targets, 'upload');
  const { filename, checksum, nameProblem } = source;
  const [file, setFile] = useState<File>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const handle = useRef<UploadHandle | undefined>(undefined);
  const refresh = useRefreshIsos();
  const tooLarge = file !== undefined && file.size > library.upload_max_bytes;
  const sending = phase.kind === 'sending';

  function pick(f: File | undefined) {
    setFile(f);
    setPhase({ kind: 'idle' });
    if (f) source.setFilename(normaliseIsoName(f.name));
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { placement } = source;
    if (!file || !placement || nameProblem || tooLarge) return;
    setPhase({ kind: 'sending', sent: 0, total: file.size });
    const h = uploadIso(
      {
        file,
        filename,
        ...placement,
        checksum: checksum || undefined,
        checksumAlgorithm: source.algorithm,
      },
      (sent, total) => setPhase({ kind: 'sending', sent, total }),
    );
    handle.current = h;
    h.done.then(
      (result) => {
        setPhase({ kind: 'done', result });
        refresh();
      },
      (err: unknown) =>
        setPhase({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  const text =
    phase.kind !== 'sending'
      ? ''
      : phase.sent < phase.total
        ? `Sent ${formatBytes(phase.sent)} of ${formatBytes(phase.total)}`
        : checksum
          ? 'Proxmox is copying the file and checking its checksum…'
          : 'Proxmox is copying the file into the storage…';

  return (
    <section className="card iso-add" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Upload from this computer</h2>
      <p className="field-hint">Keep this page open until the upload has finished.</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>ISO file</label>
          <input
            id={`${id}-file`}
            autoFocus={autoFocus}
            type="file"
            accept=".iso,.img"
            onChange={(e) => pick(e.target.files?.[0])}
            disabled={sending}
          />
          {file ? <p className="field-hint">{formatBytes(file.size)}</p> : null}
          {tooLarge ? (
            <p role="alert" className="field-error">
              This file is larger than LabForge accepts ({formatBytes(library.upload_max_bytes)}).
            </p>
          ) : null}
        </div>
        <IsoSourceFields source={source} nameLabel="Save as" disabled={sending} />
        {phase.kind === 'sending' ? (
          <TransferBar
            label="Upload progress"
            fraction={phase.sent < phase.total ? phase.sent / Math.max(1, phase.total) : undefined}
            text={text}
          />
        ) : null}
        {phase.kind === 'failed' ? <Alert title="The upload failed">{phase.message}</Alert> : null}
        {phase.kind === 'done' ? (
          <Alert tone="info" title="The ISO is ready">
            {phase.result.volid} is in the library and in the build form
            {phase.result.checksum_verified ? ' (checksum verified)' : ''}.
          </Alert>
        ) : null}
        <IsoAddActions
          running={sending}
          startLabel="Upload"
          startDisabled={!file || !source.chosen || tooLarge || nameProblem !== undefined}
          cancelLabel="Cancel upload"
          onCancel={() => handle.current?.abort()}
          onClose={onClose}
        />
      </form>
    </section>
  );
}
