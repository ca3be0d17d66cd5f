import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';
import type { Params, QemuConfig, QemuListEntry, QemuStatus } from '../types.js';

type Sig = { signal?: AbortSignal };

export interface QemuApi {
  list(node: string, opts?: Sig): Promise<QemuListEntry[]>;
  /** POST /nodes/{node}/qemu (params include vmid). Returns the qmcreate UPID. Never retried. */
  create(node: string, params: Params, opts?: Sig): Promise<string>;
  config(node: string, vmid: number, q?: { current?: boolean }, opts?: Sig): Promise<QemuConfig>;
  /**
   * PUT config (synchronous, returns null) or, with `async`, POST config (returns a
   * qmconfig UPID, or null when nothing needed a worker).
   */
  updateConfig(
    node: string,
    vmid: number,
    params: Params,
    o?: { async?: boolean } & Sig,
  ): Promise<string | null>;
  status(node: string, vmid: number, opts?: Sig): Promise<QemuStatus>;
  /** Converts to a template; returns the qmtemplate UPID. */
  template(node: string, vmid: number, disk?: string, opts?: Sig): Promise<string>;
  destroy(
    node: string,
    vmid: number,
    q?: { purge?: boolean; 'destroy-unreferenced-disks'?: boolean; skiplock?: boolean },
    opts?: Sig,
  ): Promise<string>;
  start(node: string, vmid: number, opts?: Sig): Promise<string>;
  stop(node: string, vmid: number, opts?: Sig): Promise<string>;
}

export function qemuApi(core: ClientCore): QemuApi {
  const vm = (node: string, vmid: number): string => `/nodes/${seg(node)}/qemu/${seg(vmid)}`;
  return {
    list: (node, opts) =>
      core.request<QemuListEntry[]>('GET', `/nodes/${seg(node)}/qemu`, undefined, opts),
    create: (node, params, opts) =>
      core.request<string>('POST', `/nodes/${seg(node)}/qemu`, params, opts),
    config: (node, vmid, q, opts) =>
      core.request<QemuConfig>('GET', `${vm(node, vmid)}/config`, { ...q }, opts),
    async updateConfig(node, vmid, params, o = {}) {
      const { async: asyncMode, ...opts } = o;
      const data = await core.request<string | null>(
        asyncMode ? 'POST' : 'PUT',
        `${vm(node, vmid)}/config`,
        params,
        opts,
      );
      return typeof data === 'string' ? data : null;
    },
    status: (node, vmid, opts) =>
      core.request<QemuStatus>('GET', `${vm(node, vmid)}/status/current`, undefined, opts),
    template: (node, vmid, disk, opts) =>
      core.request<string>('POST', `${vm(node, vmid)}/template`, { disk }, opts),
    destroy: (node, vmid, q, opts) =>
      core.request<string>('DELETE', vm(node, vmid), { ...q }, opts),
    start: (node, vmid, opts) =>
      core.request<string>('POST', `${vm(node, vmid)}/status/start`, {}, opts),
    stop: (node, vmid, opts) =>
      core.request<string>('POST', `${vm(node, vmid)}/status/stop`, {}, opts),
  };
}
