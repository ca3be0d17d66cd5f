import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { ClusterHandle } from '../clusters/handle.js';
import { ApiError } from '../http/api-error.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';
import { accepted, failure, wantsAsync } from './job-answers.js';

function withoutTransport<T extends { async?: boolean; cluster_id?: string }>(body: T) {
  const { async: _a, cluster_id: _c, ...request } = body;
  return request;
}

/** An unknown `node` is the caller's mistake (404 naming the field), not a Proxmox failure. */
async function ensureNode(cluster: ClusterHandle, node: string | undefined): Promise<void> {
  if (node === undefined) return;
  const nodes = await cluster.engine.listNodes();
  if (!nodes.some((n) => n.node === node)) {
    throw new ApiError(404, `node not found in cluster ${cluster.id}: ${node}`, {
      fields: { node: `no node named ${node}` },
    });
  }
}

export function vmBuilderRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.buildVm, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id ?? req.query.cluster_id);
    const job = ctx.runner.submit({
      kind: 'build',
      clusterId: cluster.id,
      user: currentUser(req).username,
      request: withoutTransport(req.body),
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    const done = settled.job;
    if (done.status !== 'succeeded' || done.kind !== 'build' || !done.result)
      throw failure(settled);
    return done.result;
  });

  defineRoute(app, endpoints.buildBulk, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id ?? req.query.cluster_id);
    const job = ctx.runner.submit({
      kind: 'bulk',
      clusterId: cluster.id,
      user: currentUser(req).username,
      request: withoutTransport(req.body),
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    // A bulk job that ran answers its per-VM results even when some VMs failed.
    const done = settled.job;
    if (settled.interrupted || done.kind !== 'bulk' || !done.result) throw failure(settled);
    // Some VMs built: 200 with each VM's outcome. None built: the job failed, and says why.
    if (done.result.succeeded === 0 && done.result.items.length > 0) {
      const first = done.result.items.find((i) => i.error)?.error ?? 'unknown error';
      throw new ApiError(
        502,
        `None of the ${done.result.items.length} VMs could be built: ${first}`,
        { job_id: done.id, result: done.result },
      );
    }
    return done.result;
  });

  defineRoute(app, endpoints.preflightBuild, async (req) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id ?? req.query.cluster_id);
    const { async: _a, ...request } = req.body;
    return { ok: true as const, ...(await cluster.engine.preflight(request)) };
  });

  defineRoute(app, endpoints.listIsos, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    await ensureNode(cluster, req.query.node);
    const q = {
      ...(req.query.node ? { node: req.query.node } : {}),
      ...(req.query.refresh ? { refresh: true } : {}),
    };
    return { ok: true as const, ...(await cluster.engine.listIsos(q)) };
  });

  defineRoute(app, endpoints.listStorages, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    await ensureNode(cluster, req.query.node);
    const storages = await cluster.engine.listStorages(
      req.query.node ? { node: req.query.node } : {},
    );
    return { ok: true as const, storages };
  });

  defineRoute(app, endpoints.listNodes, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    return { ok: true as const, nodes: await cluster.engine.listNodes() };
  });

  // The deploy form's pool picker; `complete` false: PVE may have hidden pools (no Pool.Audit).
  defineRoute(app, endpoints.listPools, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    return { ok: true as const, ...(await cluster.engine.listPools()) };
  });

  defineRoute(app, endpoints.listBridges, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    await ensureNode(cluster, req.query.node);
    return {
      ok: true as const,
      node: req.query.node,
      bridges: await cluster.engine.listBridges(req.query.node),
    };
  });

  defineRoute(app, endpoints.listOsTypes, async (req) => {
    const cluster = resolveCluster(req, ctx);
    return { ok: true as const, os_types: cluster.engine.osTypes() };
  });
}
