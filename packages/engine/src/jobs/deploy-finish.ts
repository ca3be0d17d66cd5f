import type { DeployItemResult, ScriptRunResult } from '@labforge/contracts';
import { isLockTimeout } from '@labforge/pve-client';
import { pveText } from '../errors/builder-error.js';
import { runScriptOnVm } from '../scripts/run-on-vm.js';
import type { StepRunner } from '../steps/step-runner.js';
import { LABFORGE_TAG } from '../vm/build-record.js';
import { waitTask } from '../vm/ops.js';
import type { DeployShared, ItemPhase } from './deploy-state.js';

const ORDER: readonly ItemPhase[] = ['reserved', 'cloning', 'cloned', 'tagged', 'started', 'done'];
const past = (phase: ItemPhase, than: ItemPhase) => ORDER.indexOf(phase) >= ORDER.indexOf(than);

/** The tags a class VM gets: the template's, LabForge's, and the teacher's (PVE: `;`-separated). */
export function classTags(templateTags: readonly string[], extra: readonly string[] = []): string {
  const all = [...templateTags, LABFORGE_TAG, ...extra].map((t) => t.toLowerCase());
  return [...new Set(all)].join(';');
}

/** A config change that waits on a lock retried once after a pause (a clone just released it). */
async function withLockRetry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isLockTimeout(err)) throw err;
    await new Promise((r) => setTimeout(r, 1000));
    return fn();
  }
}

/** The script's outcome without its output (for the checkpoint, which must stay small). */
function slim(r: ScriptRunResult): ScriptRunResult {
  return { ...r, stdout: '', stderr: '', message: r.message ?? 'output not kept after a restart' };
}

/**
 * After the clone: tags (through the config, since the clone call has none), the start if
 * asked, the script if one was chosen. Each step checkpoints, so a restart continues here.
 * Returns the VM's row; a failing step makes it `failed` with the VM kept and named.
 */
export async function finishItem(
  s: DeployShared,
  run: StepRunner,
  item: { index: number; name: string; vmid: number; node: string },
  from: ItemPhase,
): Promise<DeployItemResult> {
  const { env, ctx, req } = s;
  const { index, name, vmid, node } = item;
  const base = { index, name, vmid, node };
  const book = (phase: ItemPhase, outcome?: DeployItemResult) =>
    s.book.set(index, {
      vmid,
      node,
      phase,
      ...(outcome
        ? { outcome: { ...outcome, ...(outcome.script ? { script: slim(outcome.script) } : {}) } }
        : {}),
    });
  const notes: string[] = [];
  if (!past(from, 'tagged')) {
    const tags = classTags(s.template.tags, req.tags);
    try {
      await run.step(
        'set-tags',
        () => withLockRetry(() => env.client.qemu.updateConfig(node, vmid, { tags })),
        () => tags.replace(/;/g, ', '),
      );
    } catch (err) {
      notes.push(`the tags could not be added (${pveText(err)})`);
    }
    book('tagged');
  }
  if (req.start && !past(from, 'started')) {
    try {
      await run.step(
        'start-vm',
        async () => {
          const st = await env.client.qemu.status(node, vmid);
          if (st.status === 'running') return 'already running';
          const upid = await withLockRetry(() => env.client.qemuPower.start(node, vmid));
          await waitTask(env, run, 'start-vm', upid, ctx.signal);
          return 'running';
        },
        (r) => r,
      );
    } catch (err) {
      const out: DeployItemResult = {
        ...base,
        status: 'failed',
        message: `Cloned as VM ${vmid} on ${node}, but starting it failed: ${pveText(err)}`,
      };
      book('done', out);
      return out;
    }
    book('started');
  }
  let script: ScriptRunResult | undefined;
  if (req.script) {
    const chosen = req.script;
    try {
      script = await run.step(
        'run-script',
        () =>
          runScriptOnVm(
            env,
            { node, vmid },
            chosen,
            { name, index, vmid },
            {
              signal: ctx.signal,
              startIfStopped: true,
              onProgress: (detail) => run.running('run-script', detail),
            },
          ),
        (r) =>
          `${chosen.name}: ${r.status}${r.exit_code !== undefined ? ` (exit code ${r.exit_code})` : ''}`,
      );
    } catch (err) {
      const out: DeployItemResult = {
        ...base,
        status: 'failed',
        message: `Cloned as VM ${vmid} on ${node}, but the script "${chosen.name}" could not run: ${pveText(err)}`,
      };
      book('done', out);
      return out;
    }
  }
  const scriptFailed = script !== undefined && script.status !== 'ok';
  const message = [
    `VM ${vmid} on ${node}${req.start ? ', running' : ''}`,
    ...notes,
    ...(script && scriptFailed
      ? [
          `the script "${script.script_name}" ended ${script.status}${script.message ? `: ${script.message}` : ''}`,
        ]
      : []),
  ].join('; ');
  const out: DeployItemResult = {
    ...base,
    status: scriptFailed ? 'failed' : 'ok',
    message,
    ...(script ? { script } : {}),
  };
  book('done', out);
  return out;
}
