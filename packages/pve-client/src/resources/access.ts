import type { ClientCore } from '../client-core.js';

export interface AccessApi {
  /**
   * Effective privileges of the calling user or token: `{ '/vms/100': { 'VM.Allocate': 1 } }`.
   * With `path`, only that path (the engine's preflight checks exactly the paths it touches).
   */
  permissions(
    path?: string,
    opts?: { signal?: AbortSignal },
  ): Promise<Record<string, Record<string, 0 | 1>>>;
}

export function accessApi(core: ClientCore): AccessApi {
  return {
    permissions: (path, opts) => core.request('GET', '/access/permissions', { path }, opts),
  };
}
