import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import { authoriseVmAction } from '../access/vm-access.js';
import type { AppContext } from '../context.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';
import { accepted, failure, wantsAsync } from './job-answers.js';

export function templateRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listCatalogue, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const names = ctx.users.displayNames();
    const vms = (await cluster.engine.catalogue()).map((vm) =>
      vm.built_by && names.has(vm.built_by)
        ? { ...vm, built_by_name: names.get(vm.built_by) as string }
        : vm,
    );
    return { ok: true as const, vms };
  });

  defineRoute(app, endpoints.finaliseTemplate, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id ?? req.query.cluster_id);
    authoriseVmAction(ctx, req, cluster.id, req.body.vmid, 'finalise');
    const { async: _a, cluster_id: _c, ...request } = req.body;
    const job = ctx.runner.submit({
      kind: 'finalise',
      clusterId: cluster.id,
      user: currentUser(req).username,
      request,
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    const done = settled.job;
    if (done.status !== 'succeeded' || done.kind !== 'finalise' || !done.result)
      throw failure(settled);
    return done.result;
  });
}
