import type { Job, JobEvent, JobStep } from '@labforge/contracts';

const STEP_STATUSES: ReadonlyArray<JobStep['status']> = [
  'pending',
  'running',
  'done',
  'failed',
  'skipped',
];

function stepStatus(status: string | undefined): JobStep['status'] | undefined {
  return STEP_STATUSES.find((s) => s === status);
}

/** Folds one event into the job as the page shows it; a `job` snapshot always wins. */
export function applyJobEvent(job: Job, event: JobEvent): Job {
  if (event.job) return event.job;
  if (event.type === 'step' && event.step) {
    const status = stepStatus(event.status) ?? 'running';
    const known = job.steps.some((s) => s.name === event.step);
    const steps = known
      ? job.steps.map((s) =>
          s.name === event.step ? { ...s, status, detail: event.message ?? s.detail } : s,
        )
      : [...job.steps, { name: event.step, label: event.step, status, detail: event.message }];
    const running = job.status === 'queued' ? 'running' : job.status;
    return { ...job, steps, status: running };
  }
  if (event.type === 'warning' && event.message && !job.warnings.includes(event.message)) {
    return { ...job, warnings: [...job.warnings, event.message] };
  }
  return job;
}
