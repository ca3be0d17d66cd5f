import type { ClientCore } from '../client-core.js';

/** One entry of GET /pools (Datacenter -> Permissions -> Pools). */
export interface ResourcePool {
  poolid: string;
  comment?: string;
}

export interface PoolsApi {
  /**
   * The resource pools the caller may see. PVE lists only the pools with `Pool.Audit` on
   * `/pool/<poolid>`: a token without it gets fewer pools (or none), never a 403.
   */
  list(opts?: { signal?: AbortSignal }): Promise<ResourcePool[]>;
}

export function poolsApi(core: ClientCore): PoolsApi {
  return {
    async list(opts) {
      const rows = await core.request<ResourcePool[]>('GET', '/pools', undefined, opts);
      // Only what a pool picker needs (PVE may add `members` in other answers of this path).
      return rows.map((p) => ({
        poolid: p.poolid,
        ...(typeof p.comment === 'string' && p.comment !== '' ? { comment: p.comment } : {}),
      }));
    },
  };
}
