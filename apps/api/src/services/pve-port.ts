/**
 * The part of `@labforge/pve-client` the engine uses, written down as a structural type so the
 * services depend on a narrow surface (and typecheck while the client is being written).
 * A real `PveClient` satisfies it; field shapes follow the real Proxmox API.
 */
export type PveParamValue = string | number | boolean | undefined;
export type PveParams = Record<string, PveParamValue>;

export interface PveResource {
  id: string;
  type: string;
  node?: string;
  status?: string;
  vmid?: number;
  name?: string;
  template?: number;
  lock?: string;
  tags?: string;
  storage?: string;
  plugintype?: string;
  shared?: number;
  content?: string;
  disk?: number;
  maxdisk?: number;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
}

export interface PveNodeStorage {
  storage: string;
  type: string;
  content: string;
  shared?: number;
  enabled?: number;
  active?: number;
  total?: number;
  used?: number;
  avail?: number;
}

export interface PveContentItem {
  volid: string;
  content: string;
  format: string;
  size: number;
  ctime?: number;
}

export interface PveTaskResult {
  upid: string;
  node: string;
  exitstatus: string;
  ok: boolean;
  warnings: number;
}

export interface PveTaskWaitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onLog?: (lines: Array<{ n: number; t: string }>) => void;
  /** Also stop the PVE task when the signal aborts. */
  stopOnAbort?: boolean;
}

export interface PveApi {
  request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params?: PveParams,
    opts?: { kind?: 'read' | 'write' | 'download'; signal?: AbortSignal },
  ): Promise<T>;
  tasks: {
    wait(upid: string, opts?: PveTaskWaitOptions): Promise<PveTaskResult>;
    stop(node: string, upid: string): Promise<unknown>;
  };
}

export interface SshRunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SshRunner {
  run(argv: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<SshRunResult>;
  close(): Promise<void>;
}
