import { endpoints, isWindows, OS_TYPE_LABELS, OS_TYPES, type Role } from '@labforge/contracts';
import { isoAnswer, makeIso, makeNode, makeOsType, makeSession, makeStorage } from './data.js';
import { mockEndpoint } from './server.js';

/**
 * A small healthy classroom: one node with two ISOs, two storage pools, one bridge and two
 * Proxmox resource pools.
 */
export function defaultHandlers(role: Role = 'teacher') {
  return [
    mockEndpoint(endpoints.getSession, () => makeSession(role)),
    mockEndpoint(endpoints.listNodes, () => ({ ok: true as const, nodes: [makeNode('pve1')] })),
    mockEndpoint(endpoints.listIsos, () =>
      isoAnswer('pve1', [
        makeIso('ubuntu-22.04-live-server-amd64.iso'),
        makeIso('Win11_24H2_English_x64.iso', { size: 5_800_000_000 }),
      ]),
    ),
    mockEndpoint(endpoints.listStorages, ({ url }) => ({
      ok: true as const,
      storages: [makeStorage('local-lvm', 400, { node: url.searchParams.get('node') ?? 'pve1' })],
    })),
    mockEndpoint(endpoints.listBridges, ({ url }) => ({
      ok: true as const,
      node: url.searchParams.get('node') ?? 'pve1',
      bridges: [{ iface: 'vmbr0', type: 'bridge', active: true, vlan_aware: false }],
    })),
    mockEndpoint(endpoints.listPools, () => ({
      ok: true as const,
      pools: [{ poolid: 'class-2b', comment: 'Biology 2B' }, { poolid: 'class-3c' }],
      complete: true,
    })),
    mockEndpoint(endpoints.listOsTypes, () => ({
      ok: true as const,
      os_types: OS_TYPES.map((id) => makeOsType(id, OS_TYPE_LABELS[id], isWindows(id))),
    })),
    mockEndpoint(endpoints.listCatalogue, () => ({ ok: true as const, vms: [] })),
    mockEndpoint(endpoints.listJobs, () => ({
      ok: true as const,
      jobs: [],
      total: 0,
      page: 1,
      page_size: 10,
    })),
  ];
}
