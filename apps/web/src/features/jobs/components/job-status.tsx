import type { JobState } from '@labforge/contracts';

export { jobTitle } from '../utils/step-words.js';

const LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function JobStatusBadge({ status }: { status: JobState }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}
