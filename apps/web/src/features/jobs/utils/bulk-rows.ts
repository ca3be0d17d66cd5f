import type { BulkResult, Job, JobStep } from '@labforge/contracts';
import { bulkNames } from './step-words.js';

export type ItemOutcome = 'waiting' | 'building' | 'built' | 'failed';

export interface BulkRow {
  name: string;
  vmid?: number | undefined;
  node?: string | undefined;
  /** The step the VM is at: the one running, else the last one reached. */
  current?: JobStep | undefined;
  outcome: ItemOutcome;
  error?: string | undefined;
}

function isBulkResult(result: Job['result']): result is BulkResult {
  return result !== undefined && 'items' in result;
}

function latest(steps: JobStep[]): JobStep | undefined {
  return (
    steps.find((s) => s.status === 'running' || s.status === 'failed') ??
    steps.filter((s) => s.status !== 'pending').at(-1)
  );
}

/**
 * One row per VM of a bulk job, from its request (so every VM is listed from the start), its
 * per-item steps while it runs, and its result once it ended (the result wins). The VMID and
 * node come from the engine's step details ("VMID 105", "creating VM 105 on pve1") until then.
 */
export function bulkRows(job: Pick<Job, 'request' | 'steps' | 'result' | 'status'>): BulkRow[] {
  const names = bulkNames(job.request);
  for (const s of job.steps)
    if (s.item !== undefined && !names.includes(s.item)) names.push(s.item);
  const result = isBulkResult(job.result) ? job.result : undefined;
  return names.map((name): BulkRow => {
    const steps = job.steps.filter((s) => s.item === name);
    const current = latest(steps);
    const done = result?.items.find((i) => i.name === name);
    if (done) {
      return {
        name,
        vmid: done.vmid,
        node: done.node,
        current,
        outcome: done.ok ? 'built' : 'failed',
        error: done.error,
      };
    }
    const vmid = /VMID (\d+)/.exec(steps.find((s) => s.name === 'allocate-vmid')?.detail ?? '');
    const node = / on ([\w.-]+)$/.exec(steps.find((s) => s.name === 'create')?.detail ?? '');
    const finished = steps.find(
      (s) => s.name === 'convert-template' && (s.status === 'done' || s.status === 'skipped'),
    );
    const outcome: ItemOutcome = steps.some((s) => s.status === 'failed')
      ? 'failed'
      : finished
        ? 'built'
        : current
          ? 'building'
          : 'waiting';
    return {
      name,
      vmid: vmid ? Number(vmid[1]) : undefined,
      node: node?.[1],
      current,
      outcome,
      error: outcome === 'failed' ? steps.find((s) => s.status === 'failed')?.detail : undefined,
    };
  });
}
