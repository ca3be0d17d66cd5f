import type { Job, JobStep } from '@labforge/contracts';
import { ServerText } from '../../../components/ui/server-text.js';
import { statusWords, stepWords, visibleSteps } from '../utils/step-words.js';
import { BulkProgress } from './bulk-progress.js';

const STEP_ICON: Record<JobStep['status'], string> = {
  pending: '○',
  running: '◐',
  done: '✓',
  failed: '✗',
  skipped: '–',
};

export function StepIcon({ status }: { status: JobStep['status'] }) {
  return (
    <span aria-hidden="true" className="step-icon">
      {STEP_ICON[status]}
    </span>
  );
}

function StepRow({ step, technical }: { step: JobStep; technical: boolean }) {
  return (
    <li className={`step step-${step.status}`}>
      <StepIcon status={step.status} /> <span className="step-label">{stepWords(step)}</span>
      <span className="step-status">: {statusWords(step)}</span>
      {step.detail && step.status !== 'skipped' ? (
        <div className="step-detail">
          <ServerText text={step.detail} technical={technical} />
        </div>
      ) : null}
    </li>
  );
}

/** The job's own steps in table order, then (bulk) one row per VM with the overall bar. */
export function JobSteps({
  job,
  fraction,
  technical = false,
}: {
  job: Job;
  fraction: number | undefined;
  /** Admins: the server's own text of reworded step details. */
  technical?: boolean;
}) {
  const own = visibleSteps(job).filter((s) => s.item === undefined);
  const running = job.status === 'running' || job.status === 'queued';
  return (
    <section aria-labelledby="steps-title" className="card">
      <h2 id="steps-title">Steps</h2>
      <ol className="steps" aria-live="polite">
        {own.map((step) => (
          <StepRow key={step.name} step={step} technical={technical} />
        ))}
      </ol>
      {job.kind === 'bulk' || job.kind === 'deploy' ? <BulkProgress job={job} /> : null}
      {fraction !== undefined && running && job.kind !== 'bulk' && job.kind !== 'deploy' ? (
        <progress max={1} value={fraction} aria-label="Progress of the current step">
          {Math.round(fraction * 100)}%
        </progress>
      ) : null}
    </section>
  );
}

/** Proxmox's own task output: technical, so for admins only, behind a disclosure (open on failure). */
export function TaskLog({ lines, open }: { lines: string[]; open: boolean }) {
  if (lines.length === 0) return null;
  return (
    <section aria-labelledby="log-title" className="card">
      <details open={open}>
        <summary>
          <h2 id="log-title" className="summary-heading">
            Details: Proxmox task log
          </h2>
        </summary>
        <pre role="log" aria-label="Proxmox task log" className="task-log" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      </details>
    </section>
  );
}

export function JobWarnings({
  warnings,
  technical = false,
}: {
  warnings: string[];
  technical?: boolean;
}) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings-title" className="card warnings" role="status">
      <h2 id="warnings-title">Warnings</h2>
      <ul>
        {warnings.map((w) => (
          <li key={w}>
            <ServerText text={w} technical={technical} />
          </li>
        ))}
      </ul>
    </section>
  );
}
