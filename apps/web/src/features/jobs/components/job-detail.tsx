import { Alert } from '../../../components/ui/alert.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { useCancelJob } from '../api/cancel-job.js';
import { useJob } from '../api/get-job.js';
import { useJobEvents } from '../hooks/use-job-events.js';
import { isBulkResult, JobResultView, type AnyJobResult } from './build-result-view.js';
import { jobTitle, JobStatusBadge } from './job-status.js';
import { JobSteps, JobWarnings, TaskLog } from './job-steps.js';

/** A job's live progress, then its result or its error. */
export function JobDetail({ jobId }: { jobId: string }) {
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
  return (
    <div className="job-detail">
      <div className="page-header">
        <h1>
          {job.kind === 'finalise'
            ? 'Finalise'
            : job.kind === 'iso-download'
              ? 'Download'
              : job.kind === 'deploy'
                ? 'Deploy'
                : 'Build'}{' '}
          {jobTitle(job.request, job.kind)}
        </h1>
        <p>
          <JobStatusBadge status={job.status} /> started by {job.created_by}{' '}
          {formatDateTime(job.created_at)}
        </p>
        {active ? (
          <>
            <Spinner
              label={stream.connected ? 'Following the build live…' : 'Connecting to the build…'}
            />
            <button
              type="button"
              className="button-ghost"
              onClick={() => cancel.mutate()}
              disabled={cancel.isPending}
            >
              Cancel build
            </button>
          </>
        ) : null}
        {cancel.error ? <Alert title="Could not cancel">{cancel.error.message}</Alert> : null}
      </div>
      <JobSteps job={job} fraction={stream.fraction} />
      <TaskLog lines={stream.log} open={job.status === 'failed'} />
      <JobWarnings warnings={job.warnings} />
      {job.error ? (
        <Alert title={job.status === 'cancelled' ? 'The build was cancelled' : 'The build failed'}>
          <p>{job.error.message}</p>
          {job.error.details ? (
            <dl className="details">
              {Object.entries(job.error.details).map(([key, value]) => (
                <div key={key}>
                  <dt>{key.replace(/_/g, ' ')}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </Alert>
      ) : null}
      {/* A bulk job's outcome is its per-VM table above; a single VM gets its result card. */}
      {result && !isBulkResult(result) ? <JobResultView result={result} /> : null}
    </div>
  );
}
