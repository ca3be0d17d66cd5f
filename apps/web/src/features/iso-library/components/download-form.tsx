import { useEffect, useId, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { serverWords } from '../../../lib/server-words.js';
import { useCancelDownload } from '../api/cancel-download.js';
import { useStartDownload } from '../api/download-iso.js';
import { useRefreshIsos } from '../api/get-library.js';
import { useIsoSource } from '../hooks/use-iso-source.js';
import { useTransferJob } from '../hooks/use-transfer-job.js';
import { transferText } from '../utils/transfer-text.js';
import { IsoAddActions, type IsoAddFormProps } from './iso-add-actions.js';
import { IsoSourceFields } from './iso-source-fields.js';
import { TransferBar } from './transfer-bar.js';

/** "Download from URL": the node fetches the file itself; progress from Proxmox's task log. */
export function DownloadForm({ library, onClose, autoFocus = false }: IsoAddFormProps) {
  const id = useId();
  const source = useIsoSource(library.targets, 'download');
  const [url, setUrl] = useState('');
  const [jobId, setJobId] = useState<string>();
  const start = useStartDownload();
  const cancel = useCancelDownload();
  const refresh = useRefreshIsos();
  const progress = useTransferJob(jobId);
  const job = progress.job;
  const running = jobId !== undefined && job === undefined;

  const finished = job?.status;
  useEffect(() => {
    if (finished === 'succeeded') refresh();
  }, [finished, refresh]);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { placement, filename, checksum } = source;
    if (!placement || source.nameProblem) return;
    start.mutate(
      {
        url,
        filename: filename || undefined,
        ...placement,
        checksum: checksum || undefined,
        checksum_algorithm: checksum ? source.algorithm : undefined,
      },
      { onSuccess: setJobId },
    );
  }

  return (
    <section className="card iso-add" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Download from URL</h2>
      <p className="field-hint">
        Proxmox downloads the file itself; you can close this page meanwhile.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-url`}>Link to the ISO file</label>
          <input
            id={`${id}-url`}
            autoFocus={autoFocus}
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value.trim())}
            placeholder="https://releases.ubuntu.com/24.04/ubuntu-24.04-live-server-amd64.iso"
            disabled={running}
          />
        </div>
        <IsoSourceFields
          source={source}
          nameLabel="File name (optional)"
          namePlaceholder="taken from the link"
          disabled={running}
        />
        {start.error ? (
          <Alert title="The download could not start">{start.error.message}</Alert>
        ) : null}
        {jobId ? (
          <TransferBar
            label="Download progress"
            fraction={progress.fraction}
            text={
              job
                ? ''
                : progress.detail && progress.bytes === undefined
                  ? progress.detail
                  : transferText(progress)
            }
          />
        ) : null}
        {progress.warnings.map((w) => (
          <p key={w} className="field-hint warning-text">
            {serverWords(w).words}
          </p>
        ))}
        {job?.status === 'succeeded' ? (
          <Alert tone="info" title="The ISO is ready">
            {job.result && 'volid' in job.result ? job.result.volid : ''} is in the library and in
            the build form.
          </Alert>
        ) : null}
        {job && job.status !== 'succeeded' ? (
          <Alert title={job.status === 'cancelled' ? 'Download cancelled' : 'The download failed'}>
            {job.error?.message ?? 'Nothing was kept.'}
          </Alert>
        ) : null}
        <IsoAddActions
          running={running}
          startLabel="Download"
          startDisabled={!url || !source.chosen || start.isPending}
          cancelLabel="Cancel download"
          cancelDisabled={cancel.isPending}
          onCancel={() => jobId && cancel.mutate(jobId)}
          onClose={onClose}
        />
      </form>
    </section>
  );
}
