import type { DeployResult, Job, ScriptRunItem, ScriptRunStatus } from '@labforge/contracts';
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

/** The script runs a job recorded: a run-script job's, or each cloned VM's of a class deployment. */
function scriptRuns(
  result: Job['result'],
): { scriptName: string; items: ScriptRunItem[] } | undefined {
  if (!result) return undefined;
  if (isScriptRunResult(result)) return { scriptName: result.script_name, items: result.items };
  if (!('class_name' in result)) return undefined;
  const items = (result as DeployResult).items.flatMap((i) =>
    i.script && i.vmid !== undefined
      ? [{ vmid: i.vmid, name: i.name, ...(i.node ? { node: i.node } : {}), result: i.script }]
      : [],
  );
  const first = items[0];
  return first ? { scriptName: first.result.script_name, items } : undefined;
}

/**
 * A run-script job: one row per VM while it runs (from its steps), then each VM's result with
 * exit code, output and errors in teacher words. A class deployed with a script shows the same
 * results once it ended (its per-VM table shows the progress).
 */
export function ScriptRunView({ job }: { job: Pick<Job, 'kind' | 'steps' | 'result' | 'status'> }) {
  const runs = scriptRuns(job.result);
  if (runs) {
    const ok = runs.items.filter((i) => i.result.status === 'ok').length;
    const notOk = runs.items.length - ok;
    const summary = `${ok} of ${runs.items.length} VMs ran the script without errors${notOk > 0 ? `, ${notOk} did not` : ''}`;
    return (
      <section aria-labelledby="script-run-title" className="card">
        <h2 id="script-run-title">Results: {runs.scriptName}</h2>
        <p role="status">{summary}</p>
        <div className="script-run-items">
          {runs.items.map((item) => (
            <RunItem key={item.vmid} item={item} />
          ))}
        </div>
      </section>
    );
  }
  if (job.kind !== 'run-script') return null;
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
