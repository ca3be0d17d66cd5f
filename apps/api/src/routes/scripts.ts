import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import { authoriseVmAction } from '../access/vm-access.js';
import type { AppContext } from '../context.js';
import type { StoredScript } from '../db/scripts.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { scriptFor } from '../scripts/resolve.js';
import { defineRoute } from './define-route.js';
import { accepted, failure, wantsAsync } from './job-answers.js';

const publicScript = ({ ownerId: _o, ...s }: StoredScript) => s;

/**
 * Saved scripts (a teacher's own; administrators all) and running one on existing VMs. Bodies
 * are never logged or audited, only names and ids.
 */
export function scriptRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listScripts, async (req) => {
    const user = currentUser(req);
    const scripts = ctx.scripts.list(user.role === 'admin' ? undefined : user.id);
    return { ok: true as const, scripts: scripts.map(publicScript) };
  });

  defineRoute(app, endpoints.createScript, async (req) => {
    const user = currentUser(req);
    const script = ctx.scripts.create(user.id, req.body);
    ctx.audit.record({
      actor: user.username,
      action: 'script-create',
      target: `script ${script.id}`,
      outcome: 'ok',
      detail: `${script.name} (${script.language})`,
    });
    return { ok: true as const, script: publicScript(script) };
  });

  defineRoute(app, endpoints.getScript, async (req) => ({
    ok: true as const,
    script: publicScript(scriptFor(ctx, req, req.params.id, 'read')),
  }));

  defineRoute(app, endpoints.updateScript, async (req) => {
    const before = scriptFor(ctx, req, req.params.id, 'change');
    const script = ctx.scripts.update(before.id, req.body) ?? before;
    ctx.audit.record({
      actor: currentUser(req).username,
      action: 'script-update',
      target: `script ${script.id}`,
      outcome: 'ok',
      detail: `${script.name} (${script.language})`,
    });
    return { ok: true as const, script: publicScript(script) };
  });

  defineRoute(app, endpoints.deleteScript, async (req) => {
    const script = scriptFor(ctx, req, req.params.id, 'delete');
    ctx.scripts.remove(script.id);
    ctx.audit.record({
      actor: currentUser(req).username,
      action: 'script-delete',
      target: `script ${script.id}`,
      outcome: 'ok',
      detail: script.name,
    });
    return { ok: true as const, id: script.id };
  });

  defineRoute(app, endpoints.runScript, async (req, reply) => {
    const script = scriptFor(ctx, req, req.params.id, 'run');
    const cluster = resolveCluster(req, ctx, req.body.cluster_id);
    // Every VM is checked before anything reaches Proxmox: one refusal refuses the run.
    for (const vmid of req.body.vmids)
      authoriseVmAction(ctx, req, cluster.id, vmid, 'run a script on');
    const job = ctx.runner.submit({
      kind: 'run-script',
      clusterId: cluster.id,
      user: currentUser(req).username,
      request: {
        // A copy: editing the script later does not change this run, nor its resumption.
        script: {
          id: script.id,
          name: script.name,
          language: script.language,
          body: script.body,
          timeout_s: req.body.timeout_s ?? script.timeout_s,
        },
        vmids: req.body.vmids,
        start_if_stopped: req.body.start_if_stopped ?? true,
      },
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    const done = settled.job;
    // A run that happened answers each VM's result, also when some VMs failed.
    if (settled.interrupted || done.kind !== 'run-script' || !done.result) throw failure(settled);
    return done.result;
  });
}
