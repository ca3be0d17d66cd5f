import { paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { isRoot, requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { requireVm } from '../../state/vm.js';
import { destroyChecks, qmdestroyWorker } from '../../workers/destroy.js';
import { startVmTask, stopVmTask } from '../../workers/power.js';
import { qmtemplateWorker, templateChecks } from '../../workers/template.js';

const vmPerm = (priv: string) => (ctx: RouteContext) =>
  requirePrivs(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, [priv]);

function target(ctx: RouteContext) {
  const injected = ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {};
  return {
    node: str(ctx.params.node) ?? '',
    vmid: int(ctx.params.vmid) ?? 0,
    user: identityName(ctx.id),
    injected,
  };
}

function skiplockOf(ctx: RouteContext): boolean {
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

function start(ctx: RouteContext): unknown {
  const t = target(ctx);
  skiplockOf(ctx);
  requireVm(ctx.sim.state, t.node, t.vmid);
  return startVmTask(ctx.sim, t.node, t.vmid, t.user, t.injected.injectedError).upid;
}

function stop(ctx: RouteContext): unknown {
  const t = target(ctx);
  const skiplock = skiplockOf(ctx);
  requireVm(ctx.sim.state, t.node, t.vmid);
  return stopVmTask(ctx.sim, t.node, t.vmid, t.user, skiplock, t.injected.injectedError).upid;
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
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/status/start',
    proxy: true,
    check: vmPerm('VM.PowerMgmt'),
    handler: start,
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/status/stop',
    proxy: true,
    check: vmPerm('VM.PowerMgmt'),
    handler: stop,
  },
];
