import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';

type Sig = { signal?: AbortSignal };

/** guest-get-osinfo as qemu-ga reports it (keys vary by guest). */
export interface AgentOsInfo {
  id?: string;
  name?: string;
  'pretty-name'?: string;
  version?: string;
  'version-id'?: string;
  'kernel-release'?: string;
  'kernel-version'?: string;
  machine?: string;
  variant?: string;
  'variant-id'?: string;
  [key: string]: unknown;
}

/**
 * agent/exec-status. PVE already decodes QGA's base64, so out-data/err-data are text; they and the
 * *-truncated flags are present only when non-empty/true. Booleans are normalised from PVE's 0/1.
 */
export interface AgentExecStatus {
  exited: boolean;
  exitcode?: number;
  signal?: number;
  'out-data'?: string;
  'err-data'?: string;
  'out-truncated'?: boolean;
  'err-truncated'?: boolean;
}

export interface QemuAgentApi {
  /** POST agent/ping; resolves when the agent answers (VM.GuestAgent.Audit or .Unrestricted). */
  ping(node: string, vmid: number, opts?: Sig): Promise<void>;
  /** GET agent/get-osinfo. */
  osinfo(node: string, vmid: number, opts?: Sig): Promise<AgentOsInfo>;
  /**
   * POST agent/exec: starts `command` (program + arguments, never a shell line) with `inputData`
   * as its stdin; returns the guest PID. Needs VM.GuestAgent.Unrestricted. Never retried.
   */
  exec(
    node: string,
    vmid: number,
    command: readonly string[],
    opts?: { inputData?: string } & Sig,
  ): Promise<{ pid: number }>;
  /**
   * GET agent/exec-status. QGA forgets a process once it reported its exit, so a status whose
   * response was lost cannot be asked for again (the next call fails "Agent error: Invalid
   * parameter 'pid'").
   */
  execStatus(node: string, vmid: number, pid: number, opts?: Sig): Promise<AgentExecStatus>;
}

const flag = (v: unknown): boolean => v === true || v === 1 || v === '1';

function toStatus(raw: Record<string, unknown>): AgentExecStatus {
  const out: AgentExecStatus = { exited: flag(raw.exited) };
  if (typeof raw.exitcode === 'number') out.exitcode = raw.exitcode;
  if (typeof raw.signal === 'number') out.signal = raw.signal;
  if (typeof raw['out-data'] === 'string') out['out-data'] = raw['out-data'];
  if (typeof raw['err-data'] === 'string') out['err-data'] = raw['err-data'];
  if (raw['out-truncated'] !== undefined) out['out-truncated'] = flag(raw['out-truncated']);
  if (raw['err-truncated'] !== undefined) out['err-truncated'] = flag(raw['err-truncated']);
  return out;
}

export function qemuAgentApi(core: ClientCore): QemuAgentApi {
  const agent = (node: string, vmid: number, cmd: string): string =>
    `/nodes/${seg(node)}/qemu/${seg(vmid)}/agent/${cmd}`;
  return {
    async ping(node, vmid, opts) {
      // A ping changes nothing in the guest: safe to retry like a read.
      await core.request<unknown>(
        'POST',
        agent(node, vmid, 'ping'),
        {},
        {
          ...opts,
          idempotent: true,
        },
      );
    },
    async osinfo(node, vmid, opts) {
      const res = await core.request<{ result?: AgentOsInfo }>(
        'GET',
        agent(node, vmid, 'get-osinfo'),
        undefined,
        opts,
      );
      return res.result ?? {};
    },
    exec: (node, vmid, command, o = {}) => {
      const { inputData, ...opts } = o;
      return core.request<{ pid: number }>(
        'POST',
        agent(node, vmid, 'exec'),
        { command, 'input-data': inputData },
        opts,
      );
    },
    async execStatus(node, vmid, pid, opts) {
      const raw = await core.request<Record<string, unknown>>(
        'GET',
        agent(node, vmid, 'exec-status'),
        { pid },
        opts,
      );
      return toStatus(raw ?? {});
    },
  };
}
