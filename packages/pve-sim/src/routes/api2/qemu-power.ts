import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int } from '../../http/route.js';
import { isRoot } from '../../state/permissions.js';
import { requireVm } from '../../state/vm.js';
import { rebootWorker, shutdownWorker } from '../../workers/acpi.js';
import { resetWorker, startVmTask, stopWorker } from '../../workers/power.js';
import { skiplockOf, target, vmPerm } from './qemu-actions.js';

/** Perl truthiness of a validated parameter ('0', 0 and '' are false). */
const truthy = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== '' && v !== 0 && v !== '0' && v !== false;

/** raise_param_exc({ name => "Only root may use this option." }) for the first one set. */
function rootOnly(ctx: RouteContext, names: string[]): void {
  if (isRoot(ctx.id)) return;
  for (const name of names)
    if (truthy(ctx.params[name])) throw paramError({ [name]: 'Only root may use this option.' });
}

/** check_running: asserts the config exists on this node, then whether QEMU runs. */
function requireRunning(ctx: RouteContext): void {
  const t = target(ctx);
  const vm = requireVm(ctx.sim.state, t.node, t.vmid);
  if (!vm.running) throw die(`VM ${t.vmid} not running\n`);
}

function start(ctx: RouteContext): unknown {
  const t = target(ctx);
  rootOnly(ctx, [
    'stateuri',
    'skiplock',
    'migratedfrom',
    'migration_type',
    'migration_network',
    'targetstorage',
    'force-cpu',
    'with-conntrack-state',
    'nets-host-mtu',
  ]);
  if (truthy(ctx.params.targetstorage) && !truthy(ctx.params.migratedfrom))
    throw paramError({ targetstorage: 'targetstorage can only by used with migratedfrom.' });
  requireVm(ctx.sim.state, t.node, t.vmid);
  return startVmTask(ctx.sim, {
    node: t.node,
    vmid: t.vmid,
    user: t.user,
    skiplock: bool(ctx.params.skiplock) ?? false,
    injected: t.injected.injectedError,
  }).upid;
}

function stop(ctx: RouteContext): unknown {
  const t = target(ctx);
  const skiplock = skiplockOf(ctx);
  rootOnly(ctx, ['keepActive', 'migratedfrom']);
  requireVm(ctx.sim.state, t.node, t.vmid);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmstop', id: String(t.vmid), user: t.user, ...t.injected },
    stopWorker(ctx.sim, {
      node: t.node,
      vmid: t.vmid,
      skiplock,
      overruleShutdown: bool(ctx.params['overrule-shutdown']) ?? false,
    }),
  ).upid;
}

function shutdown(ctx: RouteContext): unknown {
  const t = target(ctx);
  const skiplock = skiplockOf(ctx);
  rootOnly(ctx, ['keepActive']);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmshutdown', id: String(t.vmid), user: t.user, ...t.injected },
    shutdownWorker(ctx.sim, {
      node: t.node,
      vmid: t.vmid,
      skiplock,
      timeout: int(ctx.params.timeout),
      force: bool(ctx.params.forceStop) ?? false,
    }),
  ).upid;
}

function reset(ctx: RouteContext): unknown {
  const t = target(ctx);
  const skiplock = skiplockOf(ctx);
  requireRunning(ctx);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmreset', id: String(t.vmid), user: t.user, ...t.injected },
    resetWorker(ctx.sim, t.node, t.vmid, skiplock),
  ).upid;
}

function reboot(ctx: RouteContext): unknown {
  const t = target(ctx);
  requireRunning(ctx);
  return ctx.sim.tasks.start(
    { node: t.node, type: 'qmreboot', id: String(t.vmid), user: t.user, ...t.injected },
    rebootWorker(ctx.sim, t.node, t.vmid, int(ctx.params.timeout)),
  ).upid;
}

const power = (action: string, handler: (ctx: RouteContext) => unknown): ApiRoute => ({
  method: 'POST',
  path: `/nodes/{node}/qemu/{vmid}/status/${action}`,
  proxy: true,
  check: vmPerm('VM.PowerMgmt'),
  handler,
});

/** qemu-server's vm_start, vm_stop, vm_shutdown, vm_reset and vm_reboot (all VM.PowerMgmt). */
export const qemuPowerRoutes: ApiRoute[] = [
  power('start', start),
  power('stop', stop),
  power('shutdown', shutdown),
  power('reset', reset),
  power('reboot', reboot),
];
