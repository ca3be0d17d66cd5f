import type { ClientCore } from '../client-core.js';
import type {
  ClusterResource,
  ClusterStatusEntry,
  NodeInfo,
  NodeStatus,
  NetworkIface,
} from '../types.js';
import { seg } from '../http/encode.js';

export interface ClusterApi {
  resources(
    type?: 'vm' | 'storage' | 'node',
    opts?: { signal?: AbortSignal },
  ): Promise<ClusterResource[]>;
  /** Lowest free VMID (PVE returns it as a string); with `vmid`, 400 if that id is taken. */
  nextId(vmid?: number, opts?: { signal?: AbortSignal }): Promise<number>;
  status(opts?: { signal?: AbortSignal }): Promise<ClusterStatusEntry[]>;
  version(): Promise<{ version: string; release: string; repoid: string }>;
}

export function clusterApi(core: ClientCore): ClusterApi {
  return {
    resources: (type, opts) =>
      core.request<ClusterResource[]>('GET', '/cluster/resources', { type }, opts),
    async nextId(vmid, opts) {
      const raw = await core.request<string | number>('GET', '/cluster/nextid', { vmid }, opts);
      const id = Number(raw);
      if (!Number.isInteger(id)) throw new TypeError(`unexpected nextid answer: ${String(raw)}`);
      return id;
    },
    status: (opts) => core.request<ClusterStatusEntry[]>('GET', '/cluster/status', undefined, opts),
    version: () => core.request('GET', '/version'),
  };
}

/** One entry of GET /nodes/{node}/capabilities/qemu/cpu. */
export interface CpuModel {
  name: string;
  /** 1/true for models from cpu-models.conf (`custom-` prefix), listed only with Sys.Audit. */
  custom: boolean | number;
  vendor: string;
}

export interface NodesApi {
  list(opts?: { signal?: AbortSignal }): Promise<NodeInfo[]>;
  status(node: string, opts?: { signal?: AbortSignal }): Promise<NodeStatus>;
  /** The CPU models a VM may use on this node (what `cpu` of a create accepts). */
  cpuModels(node: string, opts?: { signal?: AbortSignal }): Promise<CpuModel[]>;
}

export function nodesApi(core: ClientCore): NodesApi {
  return {
    list: (opts) => core.request<NodeInfo[]>('GET', '/nodes', undefined, opts),
    status: (node, opts) =>
      core.request<NodeStatus>('GET', `/nodes/${seg(node)}/status`, undefined, opts),
    cpuModels: (node, opts) =>
      core.request<CpuModel[]>('GET', `/nodes/${seg(node)}/capabilities/qemu/cpu`, undefined, opts),
  };
}

export interface NetworkApi {
  list(
    node: string,
    type?: 'bridge' | 'any_bridge' | 'any_local_bridge' | string,
    opts?: { signal?: AbortSignal },
  ): Promise<NetworkIface[]>;
}

export function networkApi(core: ClientCore): NetworkApi {
  return {
    list: (node, type, opts) =>
      core.request<NetworkIface[]>('GET', `/nodes/${seg(node)}/network`, { type }, opts),
  };
}
