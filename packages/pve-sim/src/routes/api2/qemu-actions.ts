import { paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { isRoot, requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { destroyChecks, qmdestroyWorker } from '../../workers/destroy.js';
import { qmtemplateWorker, templateChecks } from '../../workers/template.js';

export const vmPerm = (priv: string) => (ctx: RouteContext) =>
  requirePrivs(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, [priv]);

export function target(ctx: RouteContext) {
  const injected = ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {};
  return {
    node: str(ctx.params.node) ?? '',
    vmid: int(ctx.params.vmid) ?? 0,
    user: identityName(ctx.id),
    injected,
  };
}

export function skiplockOf(ctx: RouteContext): boolean {
  const skiplock = bool(ctx.params.skiplock) ?? false;
  if (skiplock && !isRoot(ctx.id)) throw paramError({ skiplock: 'Only root may use this option.' });
  return skiplock;
}

function template(ctx: RouteContext): unknown {
  const t = target(ctx);
  const disk = str(ctx.params.disk);
  templateChecks(ctx.sim, t.node, t.vmid, disk);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmtemplate', id: String(t.vmid), user: t.user, ...t.injected },
    qmtemplateWorker(ctx.sim, t.node, t.vmid, disk),
  ).upid;
}

function destroy(ctx: RouteContext): unknown {
  const t = target(ctx);
  const skiplock = skiplockOf(ctx);
  destroyChecks(ctx.sim, t.node, t.vmid);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmdestroy', id: String(t.vmid), user: t.user, ...t.injected },
    qmdestroyWorker(ctx.sim, {
      node: t.node,
      vmid: t.vmid,
      purge: bool(ctx.params.purge) ?? false,
      skiplock,
      unreferenced: bool(ctx.params['destroy-unreferenced-disks']) ?? false,
    }),
  ).upid;
}

export const qemuActionRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/template',
    proxy: true,
    check: vmPerm('VM.Allocate'),
    handler: template,
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/qemu/{vmid}',
    proxy: true,
    check: vmPerm('VM.Allocate'),
    handler: destroy,
  },
];
