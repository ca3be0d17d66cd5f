import { PveError, die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, int, str } from '../../http/route.js';
import { hasPriv } from '../../state/permissions.js';
import { canSeeStorage, canSeeVm, nodeStats, storageResource, vmResource } from './views.js';

function resources(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const type = str(ctx.params.type);
  if (type !== undefined && !['vm', 'storage', 'node', 'sdn'].includes(type))
    throw paramError({
      type: `value '${type}' does not have a value in the enumeration 'vm, storage, node, sdn'`,
    });
  const out: Record<string, unknown>[] = [];
  if (!type || type === 'vm') {
    for (const vm of [...s.state.vms.values()].sort((a, b) => a.vmid - b.vmid))
      if (canSeeVm(s, ctx.id, vm.vmid)) out.push(vmResource(s, vm));
  }
  if (!type || type === 'node') {
    for (const n of s.state.nodes.values()) {
      const item: Record<string, unknown> = {
        id: `node/${n.name}`,
        node: n.name,
        type: 'node',
        status: n.online ? 'online' : 'offline',
        level: '',
        'cgroup-mode': 2,
      };
      if (hasPriv(s.state, ctx.id, `/nodes/${n.name}`, 'Sys.Audit')) {
        const st = nodeStats(s, n);
        Object.assign(
          item,
          n.online ? st : { maxcpu: st.maxcpu, maxmem: st.maxmem, maxdisk: st.maxdisk },
        );
      }
      out.push(item);
    }
  }
  if (!type || type === 'storage') {
    for (const n of s.state.nodes.values())
      for (const def of s.state.storages.values())
        if (s.state.storageOnNode(def, n.name) && canSeeStorage(s, ctx.id, def.id))
          out.push(storageResource(s, def, n.name));
  }
  return out;
}

function nextid(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const wanted = int(ctx.params.vmid);
  if (wanted !== undefined) {
    if (s.state.vms.has(wanted)) throw paramError({ vmid: `VM ${wanted} already exists` });
    return String(wanted);
  }
  for (let id = 100; id < 1_000_000; id++) if (!s.state.vms.has(id)) return String(id);
  throw die('unable to get any free VMID in range [100, 1000000]\n');
}

function clusterStatus(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const nodes = [...s.state.nodes.values()];
  const out: Record<string, unknown>[] = [];
  if (s.state.clusterName)
    out.push({
      type: 'cluster',
      id: 'cluster',
      name: s.state.clusterName,
      version: nodes.length + 2,
      nodes: nodes.length,
      quorate: nodes.filter((n) => n.online).length * 2 > nodes.length ? 1 : 0,
    });
  nodes.forEach((n, i) =>
    out.push({
      type: 'node',
      id: `node/${n.name}`,
      name: n.name,
      nodeid: n.nodeid,
      ip: n.ip,
      online: n.online ? 1 : 0,
      local: i === 0 ? 1 : 0,
      level: '',
    }),
  );
  return out;
}

export const clusterRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/version',
    handler: () => ({ version: '9.1.1', release: '9.1', repoid: '42db4a6cf33dac83' }),
  },
  {
    method: 'GET',
    path: '/cluster/status',
    check: (ctx) => {
      if (!hasPriv(ctx.sim.state, ctx.id, '/', 'Sys.Audit'))
        throw new PveError(403, 'Permission check failed (/, Sys.Audit)\n');
    },
    handler: clusterStatus,
  },
  { method: 'GET', path: '/cluster/resources', handler: resources },
  { method: 'GET', path: '/pools', handler: pools },
  { method: 'GET', path: '/cluster/nextid', handler: nextid },
];

/**
 * GET /pools: the pools the caller has Pool.Audit on; with `poolid` that one pool and its
 * members (VMs as in /cluster/resources; `type` filters them). Storage members are not modelled.
 */
function pools(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const poolid = typeof ctx.params.poolid === 'string' ? ctx.params.poolid : undefined;
  const audit = (id: string) => hasPriv(s.state, ctx.id, `/pool/${id}`, 'Pool.Audit');
  if (poolid === undefined)
    return [...s.state.resourcePools]
      .filter(([id]) => audit(id))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, p]) => ({ poolid: id, ...(p.comment ? { comment: p.comment } : {}) }));
  const pool = s.state.resourcePools.get(poolid);
  if (!pool) throw new PveError(500, `pool '${poolid}' does not exist\n`);
  if (!audit(poolid))
    throw new PveError(403, `Permission check failed (/pool/${poolid}, Pool.Audit)\n`);
  const type = ctx.params.type;
  const members =
    type !== undefined && type !== 'qemu'
      ? []
      : [...pool.vms]
          .sort((a, b) => a - b)
          .flatMap((vmid) => {
            const vm = s.state.vms.get(vmid);
            return vm ? [vmResource(s, vm)] : [];
          });
  return [{ poolid, ...(pool.comment ? { comment: pool.comment } : {}), members }];
}
