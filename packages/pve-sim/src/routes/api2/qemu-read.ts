import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { requirePrivs } from '../../state/permissions.js';
import { configDigest, requireVm, sortedConfig } from '../../state/vm.js';
import { canSeeVm, vmStatusFields } from './views.js';

export const vmAudit = (ctx: RouteContext): void =>
  requirePrivs(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, ['VM.Audit']);

function list(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node);
  return [...s.state.vms.values()]
    .filter((vm) => vm.node === node && canSeeVm(s, ctx.id, vm.vmid))
    .sort((a, b) => a.vmid - b.vmid)
    .map((vm) => {
      const st = vmStatusFields(s, vm);
      if (bool(ctx.params.full)) st.serial = 0;
      return st;
    });
}

function config(ctx: RouteContext): unknown {
  const vm = requireVm(ctx.sim.state, str(ctx.params.node) ?? '', int(ctx.params.vmid) ?? 0);
  return { ...sortedConfig(vm.config), digest: configDigest(vm.config) };
}

function statusCurrent(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const vm = requireVm(s.state, str(ctx.params.node) ?? '', int(ctx.params.vmid) ?? 0);
  const st = vmStatusFields(s, vm);
  return {
    ...st,
    qmpstatus: st.status,
    ha: { managed: 0 },
    ...(vm.running ? { 'running-qemu': '10.1.2', 'running-machine': 'pc-i440fx-10.1+pve0' } : {}),
    ...(vm.config.agent !== undefined ? { agent: 1 } : {}),
  };
}

function vmIndex(ctx: RouteContext): unknown {
  requireVm(ctx.sim.state, str(ctx.params.node) ?? '', int(ctx.params.vmid) ?? 0);
  return [
    'config',
    'pending',
    'status',
    'unlink',
    'vncproxy',
    'termproxy',
    'migrate',
    'resize',
    'move',
    'rrd',
    'rrddata',
    'monitor',
    'agent',
    'snapshot',
    'spiceproxy',
    'sendkey',
    'firewall',
    'mtunnel',
    'remote_migrate',
  ].map((subdir) => ({ subdir }));
}

export const qemuReadRoutes: ApiRoute[] = [
  { method: 'GET', path: '/nodes/{node}/qemu', proxy: true, handler: list },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}',
    proxy: true,
    handler: vmIndex,
  },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxy: true,
    check: vmAudit,
    handler: config,
  },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/status/current',
    proxy: true,
    check: vmAudit,
    handler: statusCurrent,
  },
];
