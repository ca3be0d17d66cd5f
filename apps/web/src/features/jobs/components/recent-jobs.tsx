import type { JobKind } from '@labforge/contracts';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { paths } from '../../../lib/paths.js';
import { useRecentJobs } from '../api/get-jobs.js';
import { useRefreshOnFinish } from '../hooks/use-refresh-on-finish.js';
import { jobTitle, JobStatusBadge } from './job-status.js';

const KIND_WORDS: Record<JobKind, string> = {
  build: 'one VM',
  bulk: 'several VMs',
  finalise: 'finalise as template',
  'iso-download': 'ISO download',
  'run-script': 'script run',
  deploy: 'class from a template',
};

export function RecentJobs() {
  const query = useRecentJobs();
  useRefreshOnFinish(query.data?.jobs);
  return (
    <section aria-labelledby="jobs-title" className="card">
      <h2 id="jobs-title">Your recent builds</h2>
      {query.isPending ? <Spinner label="Loading your builds…" /> : null}
      {query.error ? <Alert title="Could not load your builds">{query.error.message}</Alert> : null}
      {query.data && query.data.jobs.length === 0 ? <p className="muted">No builds yet.</p> : null}
      {query.data && query.data.jobs.length > 0 ? (
        <ul className="job-list">
          {query.data.jobs.map((job) => (
            <li key={job.id}>
              <Link to={paths.job(job.id)}>{jobTitle(job.request, job.kind)}</Link>{' '}
              <JobStatusBadge status={job.status} />{' '}
              <span className="muted">
                {KIND_WORDS[job.kind]} · {formatDateTime(job.created_at)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
