import { parseDescription } from './build-record.js';
import type { EngineEnv } from './engine-env.js';
import { pveStatus, pveText } from './errors.js';
import type { StepRunner } from './step-runner.js';

const enc = encodeURIComponent;

export function vmPath(node: string, vmid: number): string {
  return `/nodes/${enc(node)}/qemu/${vmid}`;
}

/** The VM's config, or undefined when it does not exist (PVE: 500 "... does not exist"). */
export async function readConfig(
  env: EngineEnv,
  node: string,
  vmid: number,
): Promise<Record<string, unknown> | undefined> {
  try {
    return await env.client.request<Record<string, unknown>>('GET', `${vmPath(node, vmid)}/config`);
  } catch (err) {
    if (/does not exist/.test(pveText(err)) || pveStatus(err) === 404) return undefined;
    throw err;
  }
}

/** Waits for a task and forwards its log lines as events. */
export async function waitTask(
  env: EngineEnv,
  run: StepRunner,
  step: string,
  upid: string,
  signal?: AbortSignal,
): Promise<void> {
  await env.client.tasks.wait(upid, {
    ...(signal ? { signal, stopOnAbort: true } : {}),
    onLog: (lines) => {
      for (const l of lines) run.log(step, l.t);
    },
  });
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
      await env.client.tasks.wait(owner.createUpid, { timeoutMs: 120_000 }).catch(() => undefined);
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
    const upid = await env.client.request<string>('DELETE', vmPath(node, vmid), {
      purge: 1,
      'destroy-unreferenced-disks': 1,
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
