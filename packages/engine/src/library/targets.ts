import type { IsoTarget } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import { missingAt, type PermissionMap } from '../preflight/privileges.js';

/** Storage types that keep ISOs as plain files (the only ones upload and download-url write to). */
export const FILE_STORAGE_TYPES = new Set(['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs']);

/** What stops LabForge's Proxmox account from each ISO action on a storage (undefined: nothing). */
export interface TargetProblems {
  upload?: string;
  download?: string;
  remove?: string;
}

/**
 * The Proxmox privileges each action needs, as the API schema states them: upload
 * `Datastore.AllocateTemplate` on the storage; download-url that plus `Sys.AccessNetwork` on the
 * node or `Sys.Audit` + `Sys.Modify` on `/` (query-url-metadata needs the latter part too);
 * removing a volume `Datastore.Allocate` on the storage.
 */
export function targetProblems(
  map: PermissionMap | undefined,
  storage: string,
  nodes: readonly string[],
): TargetProblems {
  if (!map) {
    const unknown = 'LabForge could not read its Proxmox permissions';
    return { upload: unknown, download: unknown, remove: unknown };
  }
  const path = `/storage/${storage}`;
  const out: TargetProblems = {};
  const template = missingAt(map, path, ['Datastore.AllocateTemplate']);
  if (template.length)
    out.upload = `LabForge's Proxmox account lacks Datastore.AllocateTemplate on ${path}`;
  const sys = missingAt(map, '/', ['Sys.Audit', 'Sys.Modify']);
  const netOk = nodes.some(
    (n) => missingAt(map, `/nodes/${n}`, ['Sys.AccessNetwork']).length === 0,
  );
  if (out.upload) out.download = out.upload;
  else if (sys.length > 0 && !netOk)
    out.download = `LabForge's Proxmox account lacks Sys.AccessNetwork on /nodes/${nodes[0] ?? '{node}'} (or Sys.Audit and Sys.Modify on /), which downloads by URL need`;
  if (missingAt(map, path, ['Datastore.Allocate']).length)
    out.remove = `LabForge's Proxmox account lacks Datastore.Allocate on ${path}, which removing a file needs`;
  return out;
}

/**
 * Storages that can receive ISOs: file-based, `iso` content, active on an online node. A shared
 * storage is one target with every node that reads it; a local one is a target per node.
 */
export function isoTargets(
  storages: readonly ClusterResource[],
  nodes: readonly ClusterResource[],
  map: PermissionMap | undefined,
): IsoTarget[] {
  const online = new Set(nodes.filter((n) => n.status === 'online').map((n) => n.node));
  const byKey = new Map<string, IsoTarget>();
  for (const s of storages) {
    if (!s.storage || !s.node || !online.has(s.node)) continue;
    if (!FILE_STORAGE_TYPES.has(s.plugintype ?? '') || s.status !== 'available') continue;
    if (!(s.content ?? '').split(',').includes('iso')) continue;
    const shared = s.shared === 1;
    const key = shared ? `shared/${s.storage}` : `${s.node}/${s.storage}`;
    const total = s.maxdisk ?? 0;
    const avail = Math.max(0, total - (s.disk ?? 0));
    const t = byKey.get(key);
    if (t) {
      t.nodes.push(s.node);
      continue;
    }
    byKey.set(key, {
      storage: s.storage,
      type: s.plugintype ?? '',
      shared,
      nodes: [s.node],
      avail,
      total,
    });
  }
  const list = [...byKey.values()];
  for (const t of list) {
    t.nodes.sort();
    const p = targetProblems(map, t.storage, t.nodes);
    if (p.upload) t.upload_problem = p.upload;
    if (p.download) t.download_problem = p.download;
    if (p.remove) t.remove_problem = p.remove;
  }
  // Shared first (every node can boot from it), then most room.
  return list.sort(
    (a, b) =>
      Number(b.shared) - Number(a.shared) ||
      b.avail - a.avail ||
      a.storage.localeCompare(b.storage) ||
      (a.nodes[0] ?? '').localeCompare(b.nodes[0] ?? ''),
  );
}

/** The target a request names (storage, and node for a local one), or the preferred one. */
export function chooseTarget(
  targets: readonly IsoTarget[],
  want: { storage?: string | undefined; node?: string | undefined },
): IsoTarget | undefined {
  return targets.find(
    (t) =>
      (want.storage === undefined || t.storage === want.storage) &&
      (want.node === undefined || t.nodes.includes(want.node)),
  );
}
