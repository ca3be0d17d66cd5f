import type { Job, JobStep } from '@labforge/contracts';

const STEP_TEXT: Record<JobStep['status'], string> = {
  pending: 'waiting',
  running: 'in progress',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
};
const STEP_ICON: Record<JobStep['status'], string> = {
  pending: '○',
  running: '◐',
  done: '✓',
  failed: '✗',
  skipped: '–',
};

function StepRow({ step }: { step: JobStep }) {
  return (
    <li className={`step step-${step.status}`}>
      <span aria-hidden="true" className="step-icon">
        {STEP_ICON[step.status]}
      </span>{' '}
      <span className="step-label">{step.label}</span>
      <span className="step-status">: {STEP_TEXT[step.status]}</span>
      {step.detail ? <div className="step-detail">{step.detail}</div> : null}
    </li>
  );
}

/** A bulk item's latest step: the one running, else the last one reached. */
function latest(steps: JobStep[]): JobStep | undefined {
  return (
    steps.find((s) => s.status === 'running' || s.status === 'failed') ??
    steps.filter((s) => s.status !== 'pending').at(-1)
  );
}

/** Per-VM steps of a bulk job, one row per VM with where it stands. */
function ItemRows({ steps }: { steps: JobStep[] }) {
  const items = [...new Set(steps.flatMap((s) => (s.item === undefined ? [] : [s.item])))];
  if (items.length === 0) return null;
  return (
    <ul className="steps" aria-label="VMs">
      {items.map((item) => {
        const step = latest(steps.filter((s) => s.item === item));
        return step ? (
          <li key={item} className={`step step-${step.status}`}>
            <span aria-hidden="true" className="step-icon">
              {STEP_ICON[step.status]}
            </span>{' '}
            <span className="step-label">
              {item}: {step.label}
            </span>
            <span className="step-status">: {STEP_TEXT[step.status]}</span>
            {step.detail ? <div className="step-detail">{step.detail}</div> : null}
          </li>
        ) : null;
      })}
    </ul>
  );
}

export function JobSteps({ job, fraction }: { job: Job; fraction: number | undefined }) {
  const own = job.steps.filter((s) => s.item === undefined);
  return (
    <section aria-labelledby="steps-title" className="card">
      <h2 id="steps-title">Steps</h2>
      <ol className="steps" aria-live="polite">
        {own.map((step) => (
          <StepRow key={step.name} step={step} />
        ))}
      </ol>
      <ItemRows steps={job.steps} />
      {fraction !== undefined && (job.status === 'running' || job.status === 'queued') ? (
        <progress max={1} value={fraction} aria-label="Progress of the current step">
          {Math.round(fraction * 100)}%
        </progress>
      ) : null}
    </section>
  );
}

export function TaskLog({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <section aria-labelledby="log-title" className="card">
      <h2 id="log-title">Proxmox task log</h2>
      <pre role="log" aria-label="Proxmox task log" className="task-log">
        {lines.join('\n')}
      </pre>
    </section>
  );
}

export function JobWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings-title" className="card warnings" role="status">
      <h2 id="warnings-title">Warnings</h2>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </section>
  );
}
