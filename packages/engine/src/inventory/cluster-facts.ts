import type { Bridge, ClusterNode, Storage } from '@labforge/contracts';
import type { ClusterResource, NetworkIface, NodeStorage, PveClient } from '@labforge/pve-client';
import { stepError } from '../errors/builder-error.js';
import { isThin } from '../placement/placement.js';

/** `9.1.2` -> true: the 2023 Microsoft UEFI certificates (`ms-cert=2023k`) arrived with PVE 9.1. */
export function supportsMsCert2023k(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 9 || (major === 9 && minor >= 1);
}

export async function readVersion(client: PveClient): Promise<string | undefined> {
  try {
    const v = await client.cluster.version();
    return v.version ?? v.release;
  } catch {
    // Without Sys.Audit some setups hide /version: fall back to the conservative choice.
    return undefined;
  }
}

export function readBridges(client: PveClient, node: string): Promise<NetworkIface[]> {
  return client.network.list(node, 'any_bridge');
}

export function toBridge(i: NetworkIface): Bridge {
  return {
    iface: i.iface,
    type: i.type,
    active: i.active === 1,
    vlan_aware: i.bridge_vlan_aware === 1,
    ...(i.comments ? { comments: i.comments.trim() } : {}),
    ...(i.cidr ? { cidr: i.cidr } : {}),
  };
}

export function toClusterNode(r: ClusterResource): ClusterNode {
  const status = r.status === 'online' || r.status === 'offline' ? r.status : 'unknown';
  return {
    node: r.node ?? '',
    status,
    ...(r.cpu !== undefined ? { cpu: r.cpu } : {}),
    ...(r.maxcpu !== undefined ? { maxcpu: r.maxcpu } : {}),
    ...(r.mem !== undefined ? { mem: r.mem } : {}),
    ...(r.maxmem !== undefined ? { maxmem: r.maxmem } : {}),
  };
}

export function storageFromResource(r: ClusterResource): Storage {
  const total = r.maxdisk ?? 0;
  const used = r.disk ?? 0;
  return {
    storage: r.storage ?? '',
    node: r.node ?? '',
    type: r.plugintype ?? 'unknown',
    content: (r.content ?? '').split(',').filter(Boolean).sort(),
    avail: Math.max(0, total - used),
    total,
    used,
    shared: r.shared === 1,
    active: r.status === 'available',
    thin: isThin(r.plugintype),
  };
}

export function storageFromNode(node: string, s: NodeStorage): Storage {
  return {
    storage: s.storage,
    node,
    type: s.type,
    content: s.content.split(',').filter(Boolean).sort(),
    avail: s.avail ?? 0,
    total: s.total ?? 0,
    used: s.used ?? 0,
    shared: s.shared === 1,
    active: s.active === 1,
    thin: isThin(s.type),
  };
}

export async function readResources(
  client: PveClient,
  type: 'vm' | 'node' | 'storage',
): Promise<ClusterResource[]> {
  try {
    return await client.cluster.resources(type);
  } catch (err) {
    throw stepError('read-cluster', `Reading the cluster's ${type} resources failed`, err);
  }
}
