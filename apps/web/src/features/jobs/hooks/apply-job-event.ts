import {
  stepInsertIndex,
  stepLabel,
  type Job,
  type JobEvent,
  type JobStep,
} from '@labforge/contracts';

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
    const name = event.step;
    const status = stepStatus(event.status) ?? 'running';
    const same = (s: JobStep) => s.name === name && s.item === event.item;
    const known = job.steps.some(same);
    let steps: JobStep[];
    if (known) {
      steps = job.steps.map((s) =>
        same(s) ? { ...s, status, detail: event.message ?? s.detail } : s,
      );
    } else {
      // A step the job did not plan goes where the server would put it, with its label.
      const added: JobStep = {
        name,
        ...(event.item !== undefined ? { item: event.item } : {}),
        label: stepLabel(name),
        status,
        ...(event.message !== undefined ? { detail: event.message } : {}),
      };
      steps = [...job.steps];
      steps.splice(stepInsertIndex(steps, added), 0, added);
    }
    const running = job.status === 'queued' ? 'running' : job.status;
    return { ...job, steps, status: running };
  }
  if (event.type === 'warning' && event.message && !job.warnings.includes(event.message)) {
    return { ...job, warnings: [...job.warnings, event.message] };
  }
  return job;
}
