import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import type { Simulator } from '../../simulator.js';
import { hasAnyPriv, hasPriv, requireAnyPriv } from '../../state/permissions.js';
import type { StorageDef } from '../../state/types.js';
import { isFileStorage } from '../../state/volume-names.js';
import { canSeeStorage, storageUsage } from './views.js';

function formats(def: StorageDef): Record<string, unknown> {
  const supported = isFileStorage(def) ? ['qcow2', 'raw', 'vmdk'] : ['raw'];
  return { supported, default: 'raw' };
}

function storageItem(s: Simulator, def: StorageDef, node: string, withFormat: boolean) {
  const onNode = s.state.storageOnNode(def, node);
  const u = storageUsage(s, def, node);
  const item: Record<string, unknown> = {
    storage: def.id,
    type: def.type,
    content: def.content.join(','),
    shared: def.shared ? 1 : 0,
    enabled: onNode ? 1 : 0,
    active: u.active ? 1 : 0,
    total: u.total,
    used: u.used,
    avail: u.avail,
  };
  if (u.total > 0) item.used_fraction = u.used / u.total;
  if (withFormat) {
    const f = formats(def);
    item.formats = f;
    item.format = [Object.fromEntries((f.supported as string[]).map((x) => [x, 1])), 'raw'];
  }
  return item;
}

function list(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const only = str(ctx.params.storage);
  if (only !== undefined && !s.state.storages.has(only))
    throw paramError({ storage: 'No such storage.' });
  const wanted = str(ctx.params.content)
    ?.split(/[,;\s]+/)
    .filter(Boolean);
  const enabledOnly = bool(ctx.params.enabled) ?? false;
  const withFormat = bool(ctx.params.format) ?? false;
  // `target` other than the node: only shared storages usable on both nodes (migration targets).
  const target = str(ctx.params.target);
  const out: Record<string, unknown>[] = [];
  for (const def of [...s.state.storages.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (only !== undefined && def.id !== only) continue;
    if (!canSeeStorage(s, ctx.id, def.id)) continue;
    const onNode = s.state.storageOnNode(def, node);
    if (wanted && (!onNode || !wanted.some((c) => def.content.includes(c as never)))) continue;
    if (enabledOnly && !def.enabled) continue;
    if (target !== undefined && target !== node) {
      if (!def.shared || !onNode || !s.state.storageOnNode(def, target)) continue;
    }
    out.push(storageItem(s, def, node, withFormat));
  }
  return out;
}

const auditCheck = (ctx: RouteContext): void =>
  requireAnyPriv(ctx.sim.state, ctx.id, `/storage/${str(ctx.params.storage)}`, [
    'Datastore.Audit',
    'Datastore.AllocateSpace',
  ]);

function status(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const def = s.state.storages.get(str(ctx.params.storage) ?? '');
  if (!def) throw paramError({ storage: 'No such storage.' });
  const item = storageItem(s, def, str(ctx.params.node) ?? '', false);
  delete item.used_fraction;
  delete item.storage;
  return item;
}

/** Storage usable on the node (pve-storage storage_check_enabled / storage_check_node). */
export function requireStorageOnNode(s: Simulator, sid: string, node: string): StorageDef {
  const def = s.state.storages.get(sid);
  if (!def) throw die(`storage '${sid}' does not exist\n`);
  if (!def.enabled) throw die(`storage '${sid}' is disabled\n`);
  if (def.nodes !== undefined && !def.nodes.includes(node))
    throw die(`storage '${sid}' is not available on node '${node}'\n`);
  return def;
}

function content(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const def = requireStorageOnNode(s, str(ctx.params.storage) ?? '', node);
  const ct = str(ctx.params.content);
  const vmid = int(ctx.params.vmid);
  if (ct !== undefined && !def.content.includes(ct as never)) return [];
  const pool = s.state.poolFor(def.id, node);
  const canAllocate = hasPriv(s.state, ctx.id, `/storage/${def.id}`, 'Datastore.Allocate');
  const out: Record<string, unknown>[] = [];
  for (const v of pool?.volumes.values() ?? []) {
    if (ct !== undefined && v.content !== ct) continue;
    if (!def.content.includes(v.content)) continue;
    if (vmid !== undefined && v.vmid !== vmid) continue;
    if (v.vmid !== undefined && !canAllocate) {
      if (!hasAnyPriv(s.state, ctx.id, `/vms/${v.vmid}`, ['VM.Audit', 'VM.Config.Disk'])) continue;
    }
    const item: Record<string, unknown> = {
      volid: v.volid,
      format: v.format,
      size: v.size,
      content: v.content,
    };
    if (v.content === 'images' || v.content === 'rootdir') {
      item.vmid = v.vmid;
      item.used = isFileStorage(def) ? Math.min(v.size, 200 * 1024 * 1024) : 0;
      // Linked clones: the base as pve-storage reports it (dir "../9000/base-...", ZFS "base-...@__base__").
      if (v.parent !== undefined) item.parent = v.parent;
    }
    item.ctime = v.ctime;
    out.push(item);
  }
  // Perl's `lc($a) cmp lc($b)`: plain code-unit order, not locale order.
  const key = (x: Record<string, unknown>): string => String(x.volid).toLowerCase();
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export const storageRoutes: ApiRoute[] = [
  { method: 'GET', path: '/nodes/{node}/storage', proxy: true, handler: list },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/status',
    proxy: true,
    check: auditCheck,
    handler: status,
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    proxy: true,
    check: auditCheck,
    handler: content,
  },
];
