import type { JobTypes, ScriptRunItem, ScriptRunResult } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { isAbort, pveText, stepError } from '../errors/builder-error.js';
import { followScriptOnVm, runScript } from '../scripts/run-on-vm.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildCheckpoint, BuildContext } from '../types.js';
import { KeyedLimiter } from '../util/concurrency.js';

export type RunScriptRequest = JobTypes['run-script']['request'];
export interface RunScriptOutcome {
  items: ScriptRunItem[];
}

/**
 * Script runs in flight per node: each mostly waits on its guest, but each start, ping and poll
 * is a call to that node's API workers (3 per daemon), so a class does not crowd a node out.
 */
export const SCRIPT_RUNS_PER_NODE = 4;

/** Where each VM's run stands, written as the job's checkpoint after every change. */
type VmRunState =
  | { state: 'sending'; node: string; name: string }
  | { state: 'running'; node: string; name: string; pid: number; at: number }
  | { state: 'done'; item: ScriptRunItem };
type Runs = Record<string, VmRunState>;

interface Target {
  vmid: number;
  index: number;
  name: string;
  node?: string;
  /** Why the VM cannot run a script (not found, a template). */
  refusal?: string;
}

const item = (t: { name: string; vmid: number }) => `${t.name} (VM ${t.vmid})`;

/** What a VM's row says when its run ended. */
function summary(r: ScriptRunResult): string {
  switch (r.status) {
    case 'ok':
      return `finished, exit code 0${r.truncated ? ' (output cut)' : ''}`;
    case 'failed':
      return `failed with exit code ${r.exit_code ?? '?'}`;
    case 'timed-out':
      return 'timed out (it may still be running in the guest)';
    case 'agent-unreachable':
      return 'the guest agent did not answer';
    case 'error':
      return r.message ?? 'Proxmox refused';
  }
}

async function findTargets(env: EngineEnv, vmids: readonly number[]): Promise<Target[]> {
  const vms = await env.client.cluster.resources('vm').catch((err: unknown) => {
    throw stepError('find-vms', 'Reading the cluster failed', err);
  });
  return vmids.map((vmid, i): Target => {
    const res = vms.find((v) => v.vmid === vmid && v.type === 'qemu');
    const name = typeof res?.name === 'string' && res.name ? res.name : `vm${vmid}`;
    if (!res?.node) return { vmid, index: i + 1, name, refusal: `VM ${vmid} does not exist` };
    if (Number(res.template) === 1)
      return {
        vmid,
        index: i + 1,
        name,
        node: res.node,
        refusal: `${name} is a template: scripts run in VMs (deploy or clone it first)`,
      };
    return { vmid, index: i + 1, name, node: res.node };
  });
}

function errorResult(req: RunScriptRequest, message: string, env: EngineEnv): ScriptRunResult {
  const at = new Date(env.now()).toISOString();
  return {
    script_id: req.script.id,
    script_name: req.script.name,
    status: 'error',
    stdout: '',
    stderr: '',
    truncated: false,
    message,
    started_at: at,
    finished_at: at,
  };
}

/** Runs the script on the targets not settled in `runs` yet; records every change there. */
async function runTargets(
  env: EngineEnv,
  req: RunScriptRequest,
  ctx: BuildContext,
  targets: Target[],
  runs: Runs,
  job: StepRunner,
): Promise<void> {
  const save = () => job.checkpoint({ step: 'run-script', runs: structuredClone(runs) });
  const settle = (t: Target, run: StepRunner, r: ScriptRunResult) => {
    runs[String(t.vmid)] = {
      state: 'done',
      item: { vmid: t.vmid, name: t.name, ...(t.node ? { node: t.node } : {}), result: r },
    };
    save();
    run.finished('run-script', r.status === 'ok' ? 'done' : 'failed', summary(r));
  };
  const limiter = new KeyedLimiter(SCRIPT_RUNS_PER_NODE);
  await Promise.all(
    targets.map(async (t) => {
      const run = new StepRunner(ctx, item(t));
      if (t.refusal || !t.node) {
        run.running('run-script');
        return settle(t, run, errorResult(req, t.refusal ?? 'not found', env));
      }
      const node = t.node;
      await limiter.run(node, async () => {
        let phase = '';
        run.running('run-script', 'Checking the VM');
        const r = await runScript(
          env,
          { node, vmid: t.vmid },
          req.script,
          { name: t.name, index: t.index, vmid: t.vmid },
          {
            signal: ctx.signal,
            startIfStopped: req.start_if_stopped,
            ...(env.cluster.scripts?.agentWaitMs !== undefined
              ? { agentWaitMs: env.cluster.scripts.agentWaitMs }
              : {}),
            onProgress: (d) => {
              // Phases update the row; the running seconds only go out as progress.
              const p = d.replace(/ \(\d+ s\)$/, '');
              if (p !== phase) run.running('run-script', (phase = p));
              else run.progress('run-script', 0, d);
            },
            onExecSending: () => {
              runs[String(t.vmid)] = { state: 'sending', node, name: t.name };
              save();
            },
            onExecStarted: (pid, at) => {
              runs[String(t.vmid)] = { state: 'running', node, name: t.name, pid, at };
              save();
            },
          },
        );
        settle(t, run, r);
      });
    }),
  );
}

function outcome(targets: Target[], runs: Runs): RunScriptOutcome {
  const items: ScriptRunItem[] = [];
  for (const t of targets) {
    const s = runs[String(t.vmid)];
    if (s?.state === 'done') items.push(s.item);
  }
  return { items };
}

/** One saved script on each VM of the request, a bound per node; one row per VM. */
export async function run(
  env: EngineEnv,
  req: RunScriptRequest,
  ctx: BuildContext,
): Promise<RunScriptOutcome> {
  const job = new StepRunner(ctx);
  const targets = await job.step(
    'find-vms',
    () => findTargets(env, req.vmids),
    (ts) => `${ts.filter((t) => !t.refusal).length} of ${ts.length} VMs can run the script`,
  );
  const runs: Runs = {};
  await runTargets(env, req, ctx, targets, runs, job);
  return outcome(targets, runs);
}

function readRuns(checkpoint: BuildCheckpoint | undefined): Runs {
  const raw = checkpoint?.runs;
  return raw && typeof raw === 'object' ? structuredClone(raw as Runs) : {};
}

/**
 * After an API restart: VMs whose run finished keep their result (never run again); a process
 * whose pid was recorded is followed to its end; a VM where the exec was being sent when the
 * API stopped is reported as unknown and NOT run again (it may have run); the rest run now.
 */
export async function reconcile(
  env: EngineEnv,
  req: RunScriptRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<RunScriptOutcome> {
  const job = new StepRunner(ctx);
  const runs = readRuns(checkpoint);
  const targets = await job.step(
    'find-vms',
    () => findTargets(env, req.vmids),
    (ts) => `${ts.filter((t) => !t.refusal).length} of ${ts.length} VMs can run the script`,
  );
  await job.step(
    'resume-scripts',
    async () => {
      const save = () => job.checkpoint({ step: 'run-script', runs: structuredClone(runs) });
      await Promise.all(
        targets.map(async (t) => {
          const s = runs[String(t.vmid)];
          if (!s || s.state === 'done') return;
          const run = new StepRunner(ctx, item(t));
          let r: ScriptRunResult;
          if (s.state === 'sending') {
            r = errorResult(
              req,
              'LabForge restarted while it was starting the script on this VM: whether it ran is unknown, so it was not run again. Check the VM and run the script again if needed.',
              env,
            );
          } else {
            run.running('run-script', 'Following the script started before the restart');
            try {
              r = await followScriptOnVm(
                env,
                { node: s.node, vmid: t.vmid },
                req.script,
                { pid: s.pid, startedAt: s.at },
                {
                  signal: ctx.signal,
                },
              );
            } catch (err) {
              if (isAbort(err) || ctx.signal.aborted) throw err;
              r = errorResult(req, pveText(err), env);
            }
            if (r.status === 'error')
              r = {
                ...r,
                message: `LabForge restarted while the script ran on this VM and could not learn how it ended (${r.message ?? ''}); it was not run again.`,
              };
          }
          runs[String(t.vmid)] = {
            state: 'done',
            item: { vmid: t.vmid, name: t.name, node: s.node, result: r },
          };
          save();
          run.finished('run-script', r.status === 'ok' ? 'done' : 'failed', summary(r));
        }),
      );
    },
    () => {
      const done = Object.values(runs).filter((s) => s.state === 'done').length;
      return `${done} of ${targets.length} VMs had their run before or during the restart`;
    },
  );
  const missing = targets.filter((t) => !runs[String(t.vmid)]);
  await runTargets(env, req, ctx, missing, runs, job);
  return outcome(targets, runs);
}
