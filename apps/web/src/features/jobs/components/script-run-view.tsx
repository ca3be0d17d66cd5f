import type { Job, ScriptRunItem, ScriptRunStatus } from '@labforge/contracts';
import { isScriptRunResult } from './build-result-view.js';
import { StepIcon } from './job-steps.js';

const STATUS_WORDS: Record<ScriptRunStatus, (r: ScriptRunItem['result']) => string> = {
  ok: () => 'Finished without errors (exit code 0)',
  failed: (r) => `The script failed (exit code ${r.exit_code ?? 'unknown'})`,
  'timed-out': () =>
    'Timed out: the script was still running at its time limit, and may still be running in the VM',
  'agent-unreachable': () => 'LabForge could not reach the VM: its guest agent did not answer',
  error: () => 'The script was not run',
};

/** One VM's run: what happened in words, the exit code, and the output (scrollable). */
function RunItem({ item }: { item: ScriptRunItem }) {
  const r = item.result;
  const label = `${item.name} (VM ${item.vmid})`;
  return (
    <article className={`script-run-item script-run-${r.status}`} aria-label={label}>
      <h3>{label}</h3>
      <p className="script-run-status">
        <strong>{STATUS_WORDS[r.status](r)}</strong>
      </p>
      {r.message ? <p>{r.message}</p> : null}
      {r.stdout ? (
        <>
          <h4>Output</h4>
          <pre className="script-output" tabIndex={0} aria-label={`Output of ${item.name}`}>
            {r.stdout}
          </pre>
        </>
      ) : null}
      {r.stderr ? (
        <>
          <h4>Error output</h4>
          <pre className="script-output" tabIndex={0} aria-label={`Error output of ${item.name}`}>
            {r.stderr}
          </pre>
        </>
      ) : null}
      {r.truncated ? (
        <p className="muted">The output was longer than LabForge keeps; only its start is shown.</p>
      ) : null}
      {!r.stdout && !r.stderr && (r.status === 'ok' || r.status === 'failed') ? (
        <p className="muted">The script printed nothing.</p>
      ) : null}
    </article>
  );
}

/**
 * A run-script job: one row per VM while it runs (from its steps), then each VM's result with
 * exit code, output and errors in teacher words.
 */
export function ScriptRunView({ job }: { job: Pick<Job, 'steps' | 'result' | 'status'> }) {
  const result = job.result && isScriptRunResult(job.result) ? job.result : undefined;
  if (result) {
    const summary = `${result.succeeded} of ${result.items.length} VMs ran the script without errors${result.failed > 0 ? `, ${result.failed} did not` : ''}`;
    return (
      <section aria-labelledby="script-run-title" className="card">
        <h2 id="script-run-title">Results: {result.script_name}</h2>
        <p role="status">{summary}</p>
        <div className="script-run-items">
          {result.items.map((item) => (
            <RunItem key={item.vmid} item={item} />
          ))}
        </div>
      </section>
    );
  }
  const rows = job.steps.filter((s) => s.name === 'run-script' && s.item !== undefined);
  if (rows.length === 0) return null;
  const done = rows.filter((s) => s.status === 'done' || s.status === 'failed').length;
  return (
    <section aria-labelledby="script-run-title" className="card">
      <h2 id="script-run-title">VMs</h2>
      <p role="status">
        {done} of {rows.length} VMs finished
      </p>
      <ul className="steps">
        {rows.map((s) => (
          <li key={s.item} className={`step step-${s.status}`}>
            <StepIcon status={s.status} /> <span className="step-label">{s.item}</span>
            {s.detail ? <div className="step-detail">{s.detail}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
