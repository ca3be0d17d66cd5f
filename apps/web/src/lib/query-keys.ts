/**
 * Every TanStack Query key of the SPA, in one place. Features read and invalidate each other's
 * data only through these keys (never by importing another feature), so a key cannot drift
 * between the query that fills it and the mutation that refreshes it.
 */
export const queryKeys = {
  session: ['session'] as const,
  jobs: {
    /** Prefix of every job query: invalidate it after starting or finishing a job. */
    all: ['jobs'] as const,
    recent: ['jobs', 'recent'] as const,
    detail: (id: string) => ['jobs', 'detail', id] as const,
  },
  vmBuilder: {
    /** Prefix of every per-node ISO list: invalidate it after an ISO was added or removed. */
    allIsos: ['vm-builder', 'isos'] as const,
    nodes: ['vm-builder', 'nodes'] as const,
    osTypes: ['vm-builder', 'os-types'] as const,
    isos: (node: string) => ['vm-builder', 'isos', node] as const,
    storages: (node: string) => ['vm-builder', 'storages', node] as const,
    bridges: (node: string) => ['vm-builder', 'bridges', node] as const,
    /** Proxmox resource pools of a cluster (the deploy form's pool picker). */
    pools: (clusterId: string) => ['vm-builder', 'pools', clusterId] as const,
  },
  catalogue: ['catalogue'] as const,
  /** My VMs (state, media); invalidate after power actions, eject, delete, finalise, builds. */
  myVms: ['my-vms'] as const,
  isoLibrary: ['iso-library'] as const,
  templates: {
    /** Prefix of every template-card query: invalidate after a change, a build or a finalise. */
    all: ['templates'] as const,
    list: (clusterId: string, includeRetired: boolean) =>
      ['templates', 'list', clusterId, includeRetired] as const,
    teachers: (clusterId: string) => ['templates', 'teachers', clusterId] as const,
  },
  /** Group actions on a deployed class (a mutation key: one action per class at a time). */
  classAction: (classId: string) => ['class-action', classId] as const,
  /** What a deployment from a template can do (linked or not, nodes, storages). */
  deployOptions: (clusterId: string, vmid: number) =>
    ['class-deploy', 'options', clusterId, vmid] as const,
  /** Saved post-deployment scripts (the answer of GET /api/scripts); invalidate after a change. */
  scripts: ['scripts'] as const,
};
