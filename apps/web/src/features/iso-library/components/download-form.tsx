import {
  isoNameProblem,
  type ChecksumAlgorithm,
  type IsoLibraryResponse,
} from '@labforge/contracts';
import { useEffect, useId, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { serverWords } from '../../../lib/server-words.js';
import { useCancelDownload } from '../api/cancel-download.js';
import { useStartDownload } from '../api/download-iso.js';
import { useRefreshIsos } from '../api/get-library.js';
import { useTransferJob } from '../hooks/use-transfer-job.js';
import { transferText } from '../utils/transfer-text.js';
import { ChecksumFields } from './checksum-fields.js';
import { TargetSelect, targetKey } from './target-select.js';
import { TransferBar } from './transfer-bar.js';

/** "Download from URL": the node fetches the file itself; progress from Proxmox's task log. */
export function DownloadForm({
  library,
  onClose,
  autoFocus = false,
}: {
  library: IsoLibraryResponse;
  onClose: () => void;
  /** Opened by its button: the first field takes the focus. */
  autoFocus?: boolean;
}) {
  const id = useId();
  const targets = library.targets;
  const firstOk = targets.find((t) => !t.download_problem);
  const [url, setUrl] = useState('');
  const [filename, setFilename] = useState('');
  const [checksum, setChecksum] = useState('');
  const [algorithm, setAlgorithm] = useState<ChecksumAlgorithm>('sha256');
  const [target, setTarget] = useState(firstOk ? targetKey(firstOk) : '');
  const [jobId, setJobId] = useState<string>();
  const start = useStartDownload();
  const cancel = useCancelDownload();
  const refresh = useRefreshIsos();
  const progress = useTransferJob(jobId);
  const job = progress.job;
  const running = jobId !== undefined && job === undefined;
  const chosen = targets.find((t) => targetKey(t) === target);
  const nameProblem = filename ? isoNameProblem(filename) : undefined;

  const finished = job?.status;
  useEffect(() => {
    if (finished === 'succeeded') refresh();
  }, [finished, refresh]);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!chosen || nameProblem) return;
    start.mutate(
      {
        url,
        filename: filename || undefined,
        storage: chosen.storage,
        node: chosen.shared ? undefined : chosen.nodes[0],
        checksum: checksum || undefined,
        checksum_algorithm: checksum ? algorithm : undefined,
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
        <div className="field">
          <label htmlFor={`${id}-name`}>File name (optional)</label>
          <input
            id={`${id}-name`}
            value={filename}
            onChange={(e) => setFilename(e.target.value.trim())}
            placeholder="taken from the link"
            disabled={running}
            aria-invalid={nameProblem ? true : undefined}
          />
          {nameProblem ? (
            <p role="alert" className="field-error">
              {nameProblem}
            </p>
          ) : null}
        </div>
        <ChecksumFields
          checksum={checksum}
          algorithm={algorithm}
          onChecksum={setChecksum}
          onAlgorithm={setAlgorithm}
        />
        <div className="field">
          <label htmlFor={`${id}-target`}>Store it on</label>
          <TargetSelect
            id={`${id}-target`}
            targets={targets}
            value={target}
            onChange={setTarget}
            problem={(t) => t.download_problem}
          />
          {chosen?.download_problem ? (
            <p className="field-error">{chosen.download_problem}</p>
          ) : null}
        </div>
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
        <div className="form-actions">
          {running ? (
            <button
              type="button"
              className="danger"
              onClick={() => jobId && cancel.mutate(jobId)}
              disabled={cancel.isPending}
            >
              Cancel download
            </button>
          ) : (
            <button
              type="submit"
              className="button-primary"
              disabled={!url || !chosen || start.isPending}
            >
              Download
            </button>
          )}
          <button type="button" className="button-ghost" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
