import { buildPath, endpoints, type MyVm, type PowerAction } from '@labforge/contracts';
import type { VmActionOutcome } from '@labforge/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authoriseVmAction, type VmAction } from '../access/vm-access.js';
import type { AppContext } from '../context.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

const POWER_WORDS: Record<PowerAction, VmAction> = {
  start: 'start',
  'start-from-iso': 'start',
  shutdown: 'shut down',
  stop: 'stop',
  reset: 'reset',
};

/**
 * Runs one action on a VM the caller may operate and audits it either way; the ownership check
 * comes first, so nothing reaches Proxmox for a VM that is not the caller's.
 */
async function act(
  ctx: AppContext,
  req: FastifyRequest & { params: { cluster_id: string; vmid: number } },
  action: VmAction,
  auditAction: string,
  run: (vmid: number) => Promise<VmActionOutcome>,
) {
  const cluster = resolveCluster(req, ctx, req.params.cluster_id);
  const { vmid } = req.params;
  authoriseVmAction(ctx, req, cluster.id, vmid, action);
  const actor = currentUser(req).username;
  const target = `vm ${cluster.id}/${vmid}`;
  try {
    const out = await run(vmid);
    ctx.audit.record({ actor, action: auditAction, target, outcome: 'ok', detail: out.message });
    const { node: _n, ...rest } = out;
    return { ok: true as const, cluster_id: cluster.id, ...rest };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    ctx.audit.record({ actor, action: auditAction, target, outcome: 'error', detail });
    throw err;
  }
}

export function vmRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listMyVms, async (req) => {
    const user = currentUser(req);
    const owners = ctx.vmOwners.list(user.role === 'admin' ? {} : { userId: user.id });
    const vms: MyVm[] = [];
    // A VM deployed with a class belongs to that class's group (class id = the deploy job's id).
    const classes = new Map<string, string | undefined>();
    const classOf = (jobId: string) => {
      if (!classes.has(jobId)) {
        const job = ctx.jobs.get(jobId);
        classes.set(jobId, job?.kind === 'deploy' ? job.request.class_name : undefined);
      }
      return classes.get(jobId);
    };
    const names = ctx.users.displayNames();
    for (const cluster of ctx.clusters.values()) {
      const mine = owners.filter((o) => o.cluster_id === cluster.id);
      if (mine.length === 0) continue;
      const facts = new Map(
        (await cluster.engine.vms.describe(mine.map((o) => o.vmid))).map((f) => [f.vmid, f]),
      );
      for (const o of mine) {
        const f = facts.get(o.vmid);
        vms.push({
          cluster_id: cluster.id,
          vmid: o.vmid,
          name: f?.name ?? `VM ${o.vmid}`,
          state: f?.state ?? 'missing',
          media: f?.media ?? [],
          owner: o.username,
          source: o.source,
          since: f?.built_at ?? o.since,
          ...(f ? { node: f.node } : {}),
          ...(f?.os_type ? { os_type: f.os_type } : {}),
          ...(f?.lock ? { lock: f.lock } : {}),
          ...(f?.built_by ? { built_by: f.built_by } : {}),
          ...(names.has(f?.built_by ?? o.username)
            ? { built_by_name: names.get(f?.built_by ?? o.username) as string }
            : {}),
          ...(o.job_id ? { job_id: o.job_id } : {}),
          ...(o.job_id && classOf(o.job_id) !== undefined
            ? { class_id: o.job_id, class_name: classOf(o.job_id) as string }
            : {}),
        });
      }
    }
    return { ok: true as const, vms };
  });

  defineRoute(app, endpoints.powerVm, async (req) => {
    const { action } = req.body;
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    return act(ctx, req, POWER_WORDS[action], `vm-${action}`, (vmid) =>
      cluster.engine.vms.power(vmid, action),
    );
  });

  defineRoute(app, endpoints.ejectVmMedia, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    return act(ctx, req, 'eject the media of', 'vm-eject-media', (vmid) =>
      cluster.engine.vms.eject(vmid),
    );
  });

  defineRoute(app, endpoints.deleteVm, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const out = await act(ctx, req, 'delete', 'vm-delete', (vmid) =>
      cluster.engine.vms.destroy(vmid),
    );
    // The VMID is free again: nobody owns it until a build takes it.
    ctx.vmOwners.release(cluster.id, req.params.vmid);
    return out;
  });

  defineRoute(app, endpoints.openConsole, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const { vmid } = req.params;
    authoriseVmAction(ctx, req, cluster.id, vmid, 'open the console of');
    const user = currentUser(req);
    const prepared = await cluster.engine.vms.prepareConsole(vmid).catch((err: unknown) => {
      ctx.audit.record({
        actor: user.username,
        action: 'vm-console',
        target: `vm ${cluster.id}/${vmid}`,
        outcome: 'error',
        detail: err instanceof Error ? err.message : String(err),
      });
      throw err;
    });
    const { ticket } = ctx.consoles.tickets.issue({
      userId: user.id,
      clusterId: cluster.id,
      vmid,
      prepared,
    });
    const path = buildPath('/api/vms/:cluster_id/:vmid/console/ws', {
      cluster_id: cluster.id,
      vmid,
    });
    return {
      ok: true as const,
      ticket,
      expires_in: Math.floor(ctx.consoles.tickets.ttlMs / 1000),
      websocket_path: `${path}?ticket=${ticket}`,
      password: prepared.password,
      vm_name: prepared.name,
      node: prepared.node,
    };
  });
}
