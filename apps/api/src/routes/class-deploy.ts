import { endpoints, type DeployJobRequest } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import { authoriseTemplateUse } from '../access/template-access.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { ensureCard } from '../templates/service.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { resolveScriptChoice } from '../scripts/resolve.js';
import { defineRoute } from './define-route.js';
import { accepted, failure, wantsAsync } from './job-answers.js';

/**
 * Deploying a class from a template: the template's use is authorised, the script resolved to
 * the snapshot the job keeps, and the engine's refusals (linked clone impossible, no node, no
 * room) answered at once, before a job exists; then one durable `deploy` job.
 */
export function classDeployRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.deployOptions, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    await ensureCard(ctx, cluster, req.params.vmid);
    authoriseTemplateUse(ctx, req, cluster.id, req.params.vmid);
    const o = await cluster.engine.deploy.options(req.params.vmid);
    return {
      ok: true as const,
      template: o.template,
      clone: o.clone,
      linked_possible: o.linked_possible,
      ...(o.linked_why_not ? { linked_why_not: o.linked_why_not } : {}),
      nodes: o.nodes.map(({ node, usable, reasons }) => ({ node, usable, reasons })),
      full_clone_storages: o.full_clone_storages ?? [],
      warnings: o.warnings,
    };
  });

  defineRoute(app, endpoints.deployClass, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const vmid = req.params.vmid;
    await ensureCard(ctx, cluster, vmid);
    authoriseTemplateUse(ctx, req, cluster.id, vmid);
    const { async: _async, script, class_name, ...rest } = req.body;
    const snapshot = script ? resolveScriptChoice(ctx, req, script) : undefined;
    const base = { ...rest, template_vmid: vmid };
    const check = await cluster.engine.deploy.check({ ...base, class_name: '' });
    const request: DeployJobRequest = {
      ...base,
      class_name: class_name ?? `${check.template.name} class`,
      ...(snapshot ? { script: snapshot } : {}),
    };
    const job = ctx.runner.submit({
      kind: 'deploy',
      clusterId: cluster.id,
      user: currentUser(req).username,
      request,
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    const done = settled.job;
    if (settled.interrupted || done.kind !== 'deploy' || !done.result) throw failure(settled);
    // Some VMs made: 200 with each VM's outcome. None: the job failed, and says why.
    if (done.result.succeeded === 0 && done.result.items.length > 0) {
      const first = done.result.items.find((i) => i.message)?.message ?? 'unknown error';
      throw new ApiError(
        502,
        `None of the ${done.result.items.length} VMs could be deployed: ${first}`,
        { job_id: done.id, result: done.result },
      );
    }
    return done.result;
  });
}
