import type { TaskListEntry } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { parseDescription } from './build-record.js';
import { readConfig } from './ops.js';

/** What became of a create this job asked for (or was about to ask for) with a known VMID. */
export type CreateFate =
  | { fate: 'created'; upid?: string }
  | { fate: 'failed'; message: string; upid: string }
  | { fate: 'foreign' }
  | { fate: 'absent' };

const OK = /^(OK|WARNINGS: \d+)$/;

/** The newest qmcreate task for `vmid` on `node` that started at or after `since` (epoch s). */
async function newestCreateTask(
  env: EngineEnv,
  node: string,
  vmid: number,
  since: number,
): Promise<TaskListEntry | undefined> {
  const tasks = await env.client.tasks.list(node, { vmid, typefilter: 'qmcreate', source: 'all' });
  return tasks.filter((t) => t.starttime >= since).sort((a, b) => b.starttime - a.starttime)[0];
}

/**
 * Finds out whether Proxmox created VM `vmid` for this job, after the answer to the create was
 * lost (connection dropped) or the API died around it. PVE writes a config holding only
 * `lock: create` before its qmcreate worker starts and the full config (with the description
 * that records the job id) when the worker ends; if the worker fails it removes the config again.
 * So: a config with `lock: create` means the task is running (wait for it); a config with this
 * job's id is ours; no config and a failed qmcreate task since the request means it failed; no
 * config and no task means Proxmox never received the create.
 */
export async function findOwnCreate(
  env: EngineEnv,
  node: string,
  vmid: number,
  jobId: string,
  opts: { since: number; signal?: AbortSignal },
): Promise<CreateFate> {
  let cfg = await readConfig(env, node, vmid);
  let upid: string | undefined;
  if (cfg?.lock === 'create') {
    const task = await newestCreateTask(env, node, vmid, opts.since);
    if (task) {
      upid = task.upid;
      await env.client.tasks
        .wait(task.upid, opts.signal ? { signal: opts.signal } : {})
        .catch(() => undefined);
      cfg = await readConfig(env, node, vmid);
    }
  }
  if (cfg) {
    if (cfg.lock === 'create') return { fate: 'foreign' };
    return parseDescription(cfg.description)?.job_id === jobId
      ? { fate: 'created', ...(upid ? { upid } : {}) }
      : { fate: 'foreign' };
  }
  const task = await newestCreateTask(env, node, vmid, opts.since);
  if (task && task.status && task.status !== 'RUNNING' && !OK.test(task.status)) {
    return { fate: 'failed', message: task.status, upid: task.upid };
  }
  return { fate: 'absent' };
}
