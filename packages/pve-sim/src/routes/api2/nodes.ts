import { type ApiRoute, type RouteContext, str } from '../../http/route.js';
import { hasAnyPriv, hasPriv, isRoot, requirePrivs } from '../../state/permissions.js';
import type { NodeState } from '../../state/types.js';
import { nodeFingerprint, nodeStats } from './views.js';

function listNodes(ctx: RouteContext): unknown {
  const s = ctx.sim;
  return [...s.state.nodes.values()].map((n) => {
    const item: Record<string, unknown> = {
      node: n.name,
      status: n.online ? 'online' : 'offline',
      id: `node/${n.name}`,
      type: 'node',
      level: '',
      ssl_fingerprint: nodeFingerprint(s, n),
    };
    if (hasPriv(s.state, ctx.id, `/nodes/${n.name}`, 'Sys.Audit')) {
      const st = nodeStats(s, n);
      Object.assign(
        item,
        n.online ? st : { maxcpu: st.maxcpu, maxmem: st.maxmem, maxdisk: st.maxdisk },
      );
    }
    return item;
  });
}

function nodeStatus(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const n = s.state.nodes.get(str(ctx.params.node) ?? '') as NodeState;
  const st = nodeStats(s, n);
  return {
    cpu: st.cpu,
    wait: 0.001,
    idle: 0,
    uptime: st.uptime,
    loadavg: ['0.12', '0.18', '0.20'],
    kversion: 'Linux 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-11-04T09:00Z) x86_64',
    pveversion: 'pve-manager/9.1.1/42db4a6cf33dac83',
    cpuinfo: {
      cpus: n.maxcpu,
      cores: n.maxcpu / 2,
      sockets: 1,
      model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
      mhz: '2400.000',
      hvm: '1',
      flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep vmx aes avx avx2',
      user_hz: 100,
    },
    memory: { total: n.maxmem, used: n.mem, free: n.maxmem - n.mem, available: n.maxmem - n.mem },
    swap: { total: 8 * 1024 ** 3, used: 0, free: 8 * 1024 ** 3 },
    rootfs: { total: n.maxdisk, used: n.disk, avail: n.maxdisk - n.disk, free: n.maxdisk - n.disk },
    ksm: { shared: 0 },
    'boot-info': { mode: 'efi', secureboot: 0 },
    'current-kernel': {
      sysname: 'Linux',
      release: '6.17.2-1-pve',
      version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-11-04T09:00Z)',
      machine: 'x86_64',
    },
  };
}

const BRIDGE_TYPES = new Set(['bridge', 'any_bridge', 'any_local_bridge', 'include_sdn']);

function network(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const n = s.state.nodes.get(str(ctx.params.node) ?? '') as NodeState;
  const type = str(ctx.params.type);
  const out: Record<string, unknown>[] = [];
  const seesAll = isRoot(ctx.id) || hasPriv(s.state, ctx.id, `/nodes/${n.name}`, 'Sys.Audit');
  if (!type || type === 'eth') {
    if (seesAll) {
      const ports = new Set(n.bridges.map((b) => b.ports ?? 'eno1'));
      ports.add('eno1');
      for (const iface of [...ports].sort())
        out.push({
          iface,
          type: 'eth',
          method: 'manual',
          families: ['inet'],
          active: 1,
          exists: 1,
          priority: 3,
        });
    }
  }
  if (!type || BRIDGE_TYPES.has(type)) {
    n.bridges.forEach((b, i) => {
      const zonePath = `/sdn/zones/localnetwork/${b.iface}`;
      if (!isRoot(ctx.id) && !hasAnyPriv(s.state, ctx.id, zonePath, ['SDN.Audit', 'SDN.Use']))
        return;
      const item: Record<string, unknown> = {
        iface: b.iface,
        type: 'bridge',
        method: b.cidr ? 'static' : 'manual',
        method6: 'manual',
        families: ['inet'],
        active: 1,
        autostart: 1,
        bridge_ports: b.ports ?? (i === 0 ? 'eno1' : ''),
        bridge_stp: 'off',
        bridge_fd: '0',
        priority: 4 + i,
      };
      if (b.vlanAware) {
        item.bridge_vlan_aware = 1;
        item.bridge_vids = '2-4094';
      }
      if (b.cidr) {
        const [address, prefix] = b.cidr.split('/');
        Object.assign(item, { address, netmask: prefix, cidr: b.cidr });
      }
      if (b.gateway) item.gateway = b.gateway;
      if (b.comments) item.comments = b.comments;
      out.push(item);
    });
  }
  return out;
}

export const nodeRoutes: ApiRoute[] = [
  { method: 'GET', path: '/nodes', handler: listNodes },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    proxy: true,
    check: (ctx) =>
      requirePrivs(ctx.sim.state, ctx.id, `/nodes/${str(ctx.params.node)}`, ['Sys.Audit']),
    handler: nodeStatus,
  },
  { method: 'GET', path: '/nodes/{node}/network', proxy: true, handler: network },
];
