import type { BulkResult, DeployResult, Job, JobStep } from '@labforge/contracts';
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

function isBulkResult(result: Job['result']): result is BulkResult | DeployResult {
  return result !== undefined && 'items' in result;
}

/** A class deployment's VM is finished after its last step: the script, the start, or the tags. */
function deployFinished(request: Record<string, unknown>, steps: JobStep[]): boolean {
  const last = request.script ? 'run-script' : request.start === true ? 'start-vm' : 'set-tags';
  return steps.some((s) => s.name === last && (s.status === 'done' || s.status === 'skipped'));
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
      const ok = 'ok' in done ? done.ok : done.status === 'ok';
      return {
        name,
        vmid: done.vmid,
        node: done.node,
        current,
        outcome: ok ? 'built' : 'failed',
        error: 'ok' in done ? done.error : done.message,
      };
    }
    const deploy = typeof job.request.template_vmid === 'number';
    const vmid = /VMID? (\d+)/.exec(steps.find((s) => s.name === 'allocate-vmid')?.detail ?? '');
    const node = / on ([\w.-]+)$/.exec(
      steps.find((s) => s.name === (deploy ? 'clone' : 'create'))?.detail ?? '',
    );
    const finished = deploy
      ? deployFinished(job.request, steps)
      : steps.find(
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
