import { endpoints, type ClassAction, type ClassActionResult } from '@labforge/contracts';
import type { VmActionOutcome, VmFacts } from '@labforge/engine';
import type { FastifyInstance } from 'fastify';
import { authoriseVmAction, type VmAction } from '../access/vm-access.js';
import type { AppContext } from '../context.js';
import { ApiError, fieldError } from '../http/api-error.js';
import { currentUser } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

type Item = ClassActionResult['items'][number];

const WORDS: Record<ClassAction, VmAction> = {
  start: 'start',
  shutdown: 'shut down',
  delete: 'delete',
};

/** At most `limit` at once, results in input order. */
async function inTurns<T, R>(list: readonly T[], limit: number, fn: (t: T) => Promise<R>) {
  const out: R[] = new Array<R>(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return out;
}

/** Why a VM takes no part in the action (already there, or gone), or undefined to act. */
function skipReason(action: ClassAction, f: VmFacts | undefined): string | undefined {
  if (!f || f.state === 'missing') return action === 'delete' ? undefined : 'no longer exists';
  if (f.state === 'template') return 'is a template';
  if (action === 'start' && f.state === 'running') return 'is already running';
  if (action === 'shutdown' && f.state !== 'running') return 'is not running';
  return undefined;
}

/**
 * Group actions on a deployed class (class id = the deploy job's id): every VM of the class
 * goes through the ownership rule first (a teacher acting on another's class is refused before
 * anything reaches Proxmox), then the engine's own VM operations, one outcome per VM, audited.
 */
export function classActionRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.classAction, async (req) => {
    const { action, confirm } = req.body;
    const classId = req.params.class_id;
    const job = ctx.jobs.get(classId);
    if (!job || job.kind !== 'deploy')
      throw new ApiError(404, `no deployed class has id ${classId}`);
    const cluster = ctx.clusters.get(job.cluster_id);
    if (!cluster) throw new ApiError(404, `cluster ${job.cluster_id} is no longer configured`);
    const className = job.request.class_name;
    const members = ctx.vmOwners
      .list({ clusterId: cluster.id })
      .filter((o) => o.job_id === classId);
    if (members.length === 0)
      throw new ApiError(404, `the class "${className}" has no VMs left in LabForge`);
    for (const m of members) authoriseVmAction(ctx, req, cluster.id, m.vmid, WORDS[action]);
    const facts = new Map(
      (await cluster.engine.vms.describe(members.map((m) => m.vmid))).map((f) => [f.vmid, f]),
    );
    const nameOf = (vmid: number) => facts.get(vmid)?.name ?? `VM ${vmid}`;
    if (action === 'delete') {
      if (confirm !== className)
        throw fieldError(
          'confirm',
          `type the class name "${className}" to confirm deleting its ${members.length} VMs`,
        );
      const running = members.filter((m) => facts.get(m.vmid)?.state === 'running');
      if (running.length > 0)
        throw new ApiError(
          409,
          `${running.length} VM${running.length === 1 ? ' is' : 's are'} of "${className}" still running (${running
            .map((m) => nameOf(m.vmid))
            .slice(0, 10)
            .join(', ')}): shut them down first, then delete the class`,
          { running: running.map((m) => m.vmid) },
        );
    }
    const actor = currentUser(req).username;
    const items = await inTurns(members, 4, async (m): Promise<Item> => {
      const vmid = m.vmid;
      const name = nameOf(vmid);
      const f = facts.get(vmid);
      const skip = skipReason(action, f);
      if (skip) return { vmid, name, status: 'skipped', message: `${name} ${skip}` };
      const target = `vm ${cluster.id}/${vmid}`;
      try {
        let out: VmActionOutcome;
        if (action === 'delete' && (!f || f.state === 'missing')) {
          out = { vmid, node: '', state: 'missing', message: `${name} was already gone` };
        } else if (action === 'delete') out = await cluster.engine.vms.destroy(vmid);
        else out = await cluster.engine.vms.power(vmid, action);
        if (action === 'delete') ctx.vmOwners.release(cluster.id, vmid);
        ctx.audit.record({
          actor,
          action: `vm-${action}`,
          target,
          outcome: 'ok',
          detail: `class "${className}": ${out.message}`,
        });
        return { vmid, name, status: 'ok', message: out.message };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ctx.audit.record({
          actor,
          action: `vm-${action}`,
          target,
          outcome: 'error',
          detail: `class "${className}": ${message}`,
        });
        return { vmid, name, status: 'failed', message };
      }
    });
    const count = (s: Item['status']) => items.filter((i) => i.status === s).length;
    ctx.audit.record({
      actor,
      action: `class-${action}`,
      target: `class ${cluster.id}/${classId}`,
      outcome: count('failed') === 0 ? 'ok' : 'error',
      detail: `"${className}": ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`,
    });
    return {
      ok: count('failed') === 0,
      class_id: classId,
      class_name: className,
      action,
      succeeded: count('ok'),
      failed: count('failed'),
      skipped: count('skipped'),
      items,
    };
  });
}
