import type { Bridge, ClusterNode, Storage } from '@labforge/contracts';
import { stepError } from './errors.js';
import { isThin } from './placement.js';
import type { PveApi, PveNodeStorage, PveResource } from './pve-port.js';

const enc = encodeURIComponent;

export interface NetworkIface {
  iface: string;
  type: string;
  active?: number;
  bridge_vlan_aware?: number;
  comments?: string;
  cidr?: string;
}

/** `9.1.2` -> true: the 2023 Microsoft UEFI certificates (`ms-cert=2023k`) arrived with PVE 9.1. */
export function supportsMsCert2023k(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 9 || (major === 9 && minor >= 1);
}

export async function readVersion(client: PveApi): Promise<string | undefined> {
  try {
    const v = await client.request<{ version?: string; release?: string }>('GET', '/version');
    return v.version ?? v.release;
  } catch {
    // Without Sys.Audit some setups hide /version: fall back to the conservative choice.
    return undefined;
  }
}

export async function readBridges(client: PveApi, node: string): Promise<NetworkIface[]> {
  return client.request<NetworkIface[]>('GET', `/nodes/${enc(node)}/network`, {
    type: 'any_bridge',
  });
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

export function toClusterNode(r: PveResource): ClusterNode {
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

export function storageFromResource(r: PveResource): Storage {
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

export function storageFromNode(node: string, s: PveNodeStorage): Storage {
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
  client: PveApi,
  type: 'vm' | 'node' | 'storage',
): Promise<PveResource[]> {
  try {
    return await client.request<PveResource[]>('GET', '/cluster/resources', { type });
  } catch (err) {
    throw stepError('read-cluster', `Reading the cluster's ${type} resources failed`, err);
  }
}
