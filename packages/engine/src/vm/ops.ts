import {
  isDoesNotExist,
  PveNetworkError,
  PveTimeoutError,
  type QemuConfig,
} from '@labforge/pve-client';
import type { StepName } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { pveText } from '../errors/builder-error.js';
import type { StepRunner } from '../steps/step-runner.js';
import { parseDescription } from './build-record.js';

/** The VM's config, or undefined when it does not exist (PVE: 500 "... does not exist"). */
export async function readConfig(
  env: EngineEnv,
  node: string,
  vmid: number,
): Promise<QemuConfig | undefined> {
  try {
    return await env.client.qemu.config(node, vmid);
  } catch (err) {
    if (isDoesNotExist(err)) return undefined;
    throw err;
  }
}

/** PVE marks templates with `template: 1` in the config. */
export function isTemplate(cfg: QemuConfig | undefined): boolean {
  return cfg?.template === 1 || cfg?.template === '1';
}

/** Waits for a task and forwards its log lines as events; aborting stops the PVE task too. */
export async function waitTask(
  env: EngineEnv,
  run: StepRunner,
  step: StepName,
  upid: string,
  signal?: AbortSignal,
): Promise<void> {
  await env.client.tasks.wait(upid, {
    ...(signal ? { signal, stopOnAbort: true } : {}),
    onLog: (lines) => {
      for (const l of lines) run.log(step, l.t);
    },
    // Say so when the node stops answering (the task goes on there), and give up after a bound.
    unreachableMs: env.nodeUnreachableMs,
    onUnreachable: ({ node, since, back }) => {
      const at = new Date(since).toISOString().slice(11, 19);
      if (back) return run.running(step, `${node} answers again; waiting for the task`, upid);
      run.running(
        step,
        `${node} has been unreachable since ${at} UTC; waiting up to ${Math.round(env.nodeUnreachableMs / 1000)} s for it`,
        upid,
      );
      run.log(step, `node ${node} unreachable since ${at} UTC`);
    },
  });
}

/**
 * Converts a VM to a template and waits for the `qmtemplate` task. `upid`: a conversion already
 * started (picked up again after a restart); `started`: told the new task's UPID (checkpoints).
 */
export async function convertToTemplate(
  env: EngineEnv,
  run: StepRunner,
  vm: { node: string; vmid: number },
  signal: AbortSignal,
  opts: { upid?: string | undefined; started?: (upid: string) => void } = {},
): Promise<void> {
  let upid = opts.upid;
  if (upid === undefined) {
    try {
      upid = await env.client.qemu.template(vm.node, vm.vmid);
    } catch (err) {
      if (!(err instanceof PveNetworkError || err instanceof PveTimeoutError)) throw err;
      // The answer was lost, not necessarily the conversion: never treat it as a failure (the
      // build would then remove a VM that may already be a template).
      run.log(
        'convert-template',
        `the answer to the conversion was lost (${err.message}); checking VM ${vm.vmid}`,
      );
      const task = (
        await env.client.tasks.list(vm.node, {
          vmid: vm.vmid,
          typefilter: 'qmtemplate',
          source: 'all',
        })
      ).sort((a, b) => b.starttime - a.starttime)[0];
      if (task) upid = task.upid;
      else if (isTemplate(await readConfig(env, vm.node, vm.vmid))) return;
      else upid = await env.client.qemu.template(vm.node, vm.vmid);
    }
    opts.started?.(upid);
  }
  await waitTask(env, run, 'convert-template', upid, signal);
}

/**
 * Removes a VM this build created (never anything else: callers pass only VMIDs whose create
 * they started). Returns a problem text when it could not be removed, so it gets reported.
 */
export async function removeOwnVm(
  env: EngineEnv,
  run: StepRunner,
  owner: { node: string; vmid: number; name: string; jobId: string; createUpid?: string },
): Promise<string | undefined> {
  const { node, vmid } = owner;
  try {
    // A create still running (cancelled or stopped) must end first; PVE cleans up after itself.
    if (owner.createUpid) {
      await env.client.tasks
        .wait(owner.createUpid, { timeoutMs: 120_000, unreachableMs: env.nodeUnreachableMs })
        .catch(() => undefined);
    }
    const cfg = await readConfig(env, node, vmid);
    if (!cfg) return undefined;
    // A failed create frees its VMID at once, and another build may already own it: delete only
    // a VM whose name and recorded job are ours.
    if (cfg.name !== owner.name || parseDescription(cfg.description)?.job_id !== owner.jobId) {
      run.log('cleanup', `VMID ${vmid} now belongs to another VM; left alone`);
      return undefined;
    }
    run.running('cleanup', `removing VM ${vmid} created by this build`);
    const upid = await env.client.qemu.destroy(node, vmid, {
      purge: true,
      'destroy-unreferenced-disks': true,
    });
    await waitTask(env, run, 'cleanup', upid);
    run.finished('cleanup', 'done', `VM ${vmid} removed`);
    return undefined;
  } catch (err) {
    const text = `VM ${vmid} on ${node} could not be removed: ${pveText(err)}`;
    run.finished('cleanup', 'failed', text);
    return text;
  }
}

export function consoleUrl(base: string, node: string, vmid: number, name: string): string {
  const q = new URLSearchParams({
    console: 'kvm',
    novnc: '1',
    vmid: String(vmid),
    vmname: name,
    node,
    resize: 'off',
    cmd: '',
  });
  return `${base.replace(/\/+$/, '')}/?${q.toString()}`;
}
