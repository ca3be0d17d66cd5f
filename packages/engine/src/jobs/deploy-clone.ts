import {
  isAlreadyExists,
  isLockTimeout,
  PveNetworkError,
  PveTimeoutError,
  type QemuCloneParams,
} from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { pveText } from '../errors/builder-error.js';
import type { DeployTarget } from '../placement/deploy-plan.js';
import type { StepRunner } from '../steps/step-runner.js';
import { formatDeployDescription, parseDeployDescription } from '../vm/deploy-record.js';
import { readConfig, waitTask } from '../vm/ops.js';
import type { DeployShared } from './deploy-state.js';
import { pause } from '../util/pause.js';

export interface CloneAttempt {
  vmid: number;
  node: string;
}

/** A clone that did not happen, with what it left behind (nothing, removed, or still there). */
export class CloneFailure extends Error {
  constructor(
    message: string,
    readonly vmid: number | undefined,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<unknown> => pause(ms, signal);

/** Where the VM with this VMID is now, if anywhere (undefined: it does not exist). */
async function findVm(
  env: EngineEnv,
  vmid: number,
): Promise<{ node: string; cfg: Record<string, unknown> } | undefined> {
  const vms = await env.client.cluster.resources('vm');
  const res = vms.find((v) => v.vmid === vmid);
  if (!res?.node) return undefined;
  const cfg = await readConfig(env, res.node, vmid);
  return cfg ? { node: res.node, cfg } : undefined;
}

/**
 * After a failed clone: the new VMID must not hide a half-made VM. PVE's clone removes its own
 * config and volumes when it fails, but a lost answer or a failing cleanup can leave one; a VM
 * there that this job made is removed, anything else is reported and left alone.
 */
async function settleFailure(
  s: DeployShared,
  run: StepRunner,
  vmid: number,
  index: number,
  why: string,
): Promise<CloneFailure> {
  let vm: Awaited<ReturnType<typeof findVm>>;
  try {
    vm = await findVm(s.env, vmid);
  } catch (err) {
    return new CloneFailure(
      `${why}. Whether VM ${vmid} was left behind could not be checked (${pveText(err)}); look for it on the cluster`,
      vmid,
    );
  }
  if (!vm) return new CloneFailure(why, undefined);
  const rec = parseDeployDescription(vm.cfg.description);
  if (rec?.job_id !== s.ctx.jobId || rec.index !== String(index))
    return new CloneFailure(
      `${why}. VM ${vmid} exists but was not made by this deployment; it was left alone`,
      undefined,
    );
  try {
    await run.step(
      'cleanup',
      async () => {
        const upid = await s.env.client.qemu.destroy(vm.node, vmid, {
          purge: true,
          'destroy-unreferenced-disks': true,
        });
        await s.env.client.tasks.wait(upid);
      },
      () => `the unfinished VM ${vmid} was removed`,
    );
    return new CloneFailure(`${why}. The unfinished VM ${vmid} was removed`, undefined);
  } catch (err) {
    return new CloneFailure(
      `${why}. The unfinished VM ${vmid} on ${vm.node} could not be removed (${pveText(err)}); delete it from My VMs`,
      vmid,
    );
  }
}

/**
 * The clone POST's answer was lost: the task may run anyway. Waits while the new VMID holds
 * `lock: clone`; a finished VM of this job there is the clone, done. Undefined: no clone.
 */
async function lostClone(
  s: DeployShared,
  vmid: number,
  index: number,
): Promise<{ node: string } | undefined> {
  const started = s.env.now();
  const deadline = started + s.tuning.cloneWaitMs;
  for (;;) {
    const vm = await findVm(s.env, vmid).catch(() => undefined);
    const rec = parseDeployDescription(vm?.cfg.description);
    if (vm && vm.cfg.lock === undefined)
      return rec?.job_id === s.ctx.jobId && rec.index === String(index) ? vm : undefined;
    // A POST that never reached Proxmox leaves nothing: give it seconds, not the whole wait.
    if (!vm && s.env.now() - started > 5000) return undefined;
    if (s.env.now() >= deadline || s.ctx.signal.aborted) return undefined;
    await sleep(s.tuning.pollMs, s.ctx.signal);
  }
}

/**
 * One VM of the class: a reserved VMID, the clone POST (named and described as this job's by the
 * call itself, so a restart recognises it), its qmclone task; lock timeouts (storage flock,
 * cfs-lock, config lock) are retried with backoff and jitter a bounded number of times.
 */
export async function cloneOne(
  s: DeployShared,
  run: StepRunner,
  index: number,
  name: string,
  target: DeployTarget,
): Promise<CloneAttempt> {
  const { env, ctx, template, req } = s;
  const attempts = s.tuning.lockRetries + 1;
  let vmid = await run.step(
    'allocate-vmid',
    () => env.vmids.reserve(),
    (id) => `VM ${id}`,
  );
  try {
    s.book.set(index, { vmid, node: target.node, phase: 'reserved' });
    for (let attempt = 1; ; attempt++) {
      const params: QemuCloneParams = {
        newid: vmid,
        name,
        description: formatDeployDescription({
          deployed_by: ctx.user,
          deployed_at: s.deployedAt,
          job_id: ctx.jobId,
          class: req.class_name,
          template: `${template.name} (${template.vmid})`,
          index: String(index),
        }),
        full: s.plan.clone === 'full',
        ...(s.plan.clone === 'full' && req.storage ? { storage: req.storage } : {}),
        ...(target.node !== template.node ? { target: target.node } : {}),
        ...(req.pool ? { pool: req.pool } : {}),
      };
      try {
        await run.step(
          'clone',
          async () => {
            const upid = await env.client.qemu.clone(template.node, template.vmid, params, {
              signal: ctx.signal,
            });
            s.book.set(index, { vmid, node: target.node, upid, phase: 'cloning' });
            run.running(
              'clone',
              `${s.plan.clone} clone of ${template.name} as VM ${vmid} on ${target.node}`,
              upid,
            );
            await waitTask(env, run, 'clone', upid, ctx.signal);
          },
          () => `VM ${vmid} on ${target.node}`,
        );
        s.book.set(index, { vmid, node: target.node, phase: 'cloned' });
        return { vmid, node: target.node };
      } catch (err) {
        if (ctx.signal.aborted)
          throw await settleFailure(s, run, vmid, index, 'The deployment was cancelled');
        const text = pveText(err);
        const lost = err instanceof PveNetworkError || err instanceof PveTimeoutError;
        if (lost) {
          const made = await lostClone(s, vmid, index);
          if (made) {
            run.log('clone', `Proxmox's answer was lost (${text}), but VM ${vmid} was cloned`);
            s.book.set(index, { vmid, node: made.node, phase: 'cloned' });
            run.finished('clone', 'done', `VM ${vmid} on ${made.node}`);
            return { vmid, node: made.node };
          }
          throw await settleFailure(
            s,
            run,
            vmid,
            index,
            `Proxmox's answer to the clone was lost (${text})`,
          );
        }
        if (attempt >= attempts || !(isLockTimeout(err) || isAlreadyExists(err)))
          throw await settleFailure(s, run, vmid, index, `Copying the template failed: ${text}`);
        if ((await findVm(env, vmid).catch(() => undefined)) !== undefined && !isAlreadyExists(err))
          throw await settleFailure(s, run, vmid, index, `Copying the template failed: ${text}`);
        if (isAlreadyExists(err)) {
          // Someone outside LabForge took the VMID meanwhile: take another one.
          const taken = vmid;
          vmid = await env.vmids.reserve();
          env.vmids.release(taken);
          run.log('clone', `VM ${taken} was taken meanwhile; using VM ${vmid}`);
          continue;
        }
        const pause = Math.round(
          s.tuning.retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2),
        );
        run.log(
          'clone',
          `Proxmox lock timed out (${text}); trying again in ${(pause / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${attempts})`,
        );
        run.running('clone', `waiting for a busy storage; try ${attempt + 1} of ${attempts}`);
        await sleep(pause, ctx.signal);
      }
    }
  } finally {
    env.vmids.release(vmid);
  }
}
