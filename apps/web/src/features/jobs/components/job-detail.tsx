import type { JobKind } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { ServerText, TechnicalFacts } from '../../../components/ui/server-text.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { useCancelJob } from '../api/cancel-job.js';
import { useJob } from '../api/get-job.js';
import { useJobEvents } from '../hooks/use-job-events.js';
import { isBulkResult, JobResultView, type AnyJobResult } from './build-result-view.js';
import { jobTitle, JobStatusBadge } from './job-status.js';
import { ScriptRunView } from './script-run-view.js';
import { JobSteps, JobWarnings, TaskLog } from './job-steps.js';

/**
 * A job's live progress, then its result or its error, in a teacher's words. Admins
 * (`technical`) also get the Proxmox task log and each reworded text's "Details".
 */
export function JobDetail({ jobId, technical = false }: { jobId: string; technical?: boolean }) {
  const query = useJob(jobId);
  const job = query.data?.job;
  const active = job?.status === 'queued' || job?.status === 'running';
  const stream = useJobEvents(jobId, job !== undefined);
  const cancel = useCancelJob(jobId);

  if (query.isPending) return <Spinner label="Loading the job…" />;
  if (query.error || !job) {
    return <Alert title="This job cannot be shown">{query.error?.message}</Alert>;
  }
  const result: AnyJobResult | undefined = job.result;
  const words = KIND_WORDS[job.kind];
  return (
    <div className="job-detail">
      <div className="page-header">
        <h1>
          {words.verb} {jobTitle(job.request, job.kind)}
        </h1>
        <p>
          <JobStatusBadge status={job.status} /> started by {job.created_by}{' '}
          {formatDateTime(job.created_at)}
        </p>
        {active ? (
          <>
            <Spinner
              label={
                stream.connected
                  ? `Following the ${words.noun} live…`
                  : `Connecting to the ${words.noun}…`
              }
            />
            <button
              type="button"
              className="button-ghost"
              onClick={() => cancel.mutate()}
              disabled={cancel.isPending}
            >
              Cancel the {words.noun}
            </button>
          </>
        ) : null}
        {cancel.error ? <Alert title="Could not cancel">{cancel.error.message}</Alert> : null}
      </div>
      <JobSteps job={job} fraction={stream.fraction} technical={technical} />
      {technical ? <TaskLog lines={stream.log} open={job.status === 'failed'} /> : null}
      <JobWarnings warnings={job.warnings} technical={technical} />
      {job.error ? (
        <Alert
          title={job.status === 'cancelled' ? `The ${words.noun} was cancelled` : words.failed}
        >
          <div>
            <ServerText
              text={job.error.message}
              technical={technical}
              fallback="Proxmox refused a step of this job; an administrator can see why."
            />
          </div>
          <TechnicalFacts facts={job.error.details} technical={technical} />
        </Alert>
      ) : null}
      <ScriptRunView job={job} />
      {/* A bulk job's outcome is its per-VM table above; a single VM gets its result card. */}
      {result && !isBulkResult(result) ? (
        <JobResultView result={result} technical={technical} />
      ) : null}
    </div>
  );
}

/** How the page speaks of each kind of job: its title's verb, its noun, its failure. */
const KIND_WORDS: Record<JobKind, { verb: string; noun: string; failed: string }> = {
  build: { verb: 'Build', noun: 'build', failed: 'The build failed' },
  bulk: { verb: 'Build', noun: 'build', failed: 'Some VMs could not be built' },
  finalise: { verb: 'Finalise', noun: 'conversion', failed: 'The conversion failed' },
  'iso-download': { verb: 'Download', noun: 'download', failed: 'The download failed' },
  'run-script': { verb: 'Run', noun: 'run', failed: 'The script did not succeed on every VM' },
  deploy: {
    verb: 'Deploy',
    noun: 'deployment',
    failed: 'Some VMs of the class could not be deployed',
  },
};
