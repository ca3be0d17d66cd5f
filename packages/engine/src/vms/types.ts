import type { AttachedMedia, MyVmState, PowerAction } from '@labforge/contracts';
import type { PveClient } from '@labforge/pve-client';

/** When "start and boot from the ISO" presses Enter: after `firstMs`, then every `intervalMs`. */
export interface BootKeySchedule {
  firstMs: number;
  intervalMs: number;
  presses: number;
}

export interface VmActionOutcome {
  vmid: number;
  node: string;
  state: MyVmState;
  message: string;
  upid?: string;
  ejected?: string[];
  keys_sent?: number;
}

/** What Proxmox says of one VM, for "My VMs". */
export interface VmFacts {
  vmid: number;
  name: string;
  node: string;
  state: MyVmState;
  os_type?: string;
  lock?: string;
  media: AttachedMedia[];
  built_by?: string;
  built_at?: string;
}

/** The Proxmox side of a console: an open vncwebsocket (paused) and the VNC password for RFB. */
export interface ProxmoxConsole {
  socket: Awaited<ReturnType<PveClient['qemuConsole']['openVncWebsocket']>>;
}

export interface PreparedConsole {
  node: string;
  name: string;
  /** VNC Authentication password inside RFB; the browser's noVNC needs it. */
  password: string;
  /** Opens the WebSocket on the endpoint that answered vncproxy (within ~10 s of preparing). */
  open(signal?: AbortSignal): Promise<ProxmoxConsole>;
}

/** Operating existing VMs: power, console, media, delete. Ownership is the caller's (the API). */
export interface VmOperations {
  /** Facts for these VMIDs; VMIDs Proxmox does not have are left out. */
  describe(vmids: readonly number[]): Promise<VmFacts[]>;
  power(vmid: number, action: PowerAction): Promise<VmActionOutcome>;
  eject(vmid: number): Promise<VmActionOutcome>;
  destroy(vmid: number): Promise<VmActionOutcome>;
  /** vncproxy now (the password), the WebSocket when the browser arrives. */
  prepareConsole(vmid: number): Promise<PreparedConsole>;
}
