import type { GuestState, VmState } from './types.js';

/** How the seed (`vms[].guest`) and `POST /_sim/vms/{vmid}/guest` describe a guest OS. */
export interface GuestInput {
  installed?: boolean;
  os?: 'linux' | 'windows';
  agentDelayMs?: number;
  maxOutputBytes?: number;
  osinfo?: Record<string, string>;
}

/** QGA's GUEST_EXEC_MAX_OUTPUT: output beyond 16 MiB per stream is dropped and flagged. */
export const QGA_MAX_OUTPUT = 16 * 1024 * 1024;

/** guest-get-osinfo of an Ubuntu 22.04 and a Windows 11 guest, as qemu-ga reports them. */
const OSINFO: Record<GuestState['os'], Record<string, string>> = {
  linux: {
    id: 'ubuntu',
    'kernel-release': '5.15.0-119-generic',
    'kernel-version': '#129-Ubuntu SMP Fri Aug 2 19:25:20 UTC 2024',
    machine: 'x86_64',
    name: 'Ubuntu',
    'pretty-name': 'Ubuntu 22.04.5 LTS',
    version: '22.04.5 LTS (Jammy Jellyfish)',
    'version-id': '22.04',
  },
  windows: {
    id: 'mswindows',
    'kernel-release': '26100',
    'kernel-version': '10.0',
    machine: 'x86_64',
    name: 'Microsoft Windows',
    'pretty-name': 'Windows 11 Pro',
    variant: 'client',
    'variant-id': 'client',
    version: 'Microsoft Windows 11',
    'version-id': '11',
  },
};

const DEFAULT_DELAY: Record<GuestState['os'], number> = { linux: 15_000, windows: 45_000 };

/** A guest from input, keeping what `previous` had for keys the input leaves out. */
export function makeGuest(input: GuestInput, previous?: GuestState): GuestState {
  const os = input.os ?? previous?.os ?? 'linux';
  const osChanged = previous !== undefined && previous.os !== os;
  return {
    installed: input.installed ?? previous?.installed ?? true,
    os,
    agentDelayMs:
      input.agentDelayMs ?? (osChanged ? undefined : previous?.agentDelayMs) ?? DEFAULT_DELAY[os],
    maxOutputBytes: input.maxOutputBytes ?? previous?.maxOutputBytes ?? QGA_MAX_OUTPUT,
    osinfo: { ...(input.osinfo ?? (osChanged ? undefined : previous?.osinfo) ?? OSINFO[os]) },
    processes: previous?.processes ?? new Map(),
    nextPid: previous?.nextPid ?? 1000,
  };
}

/** A clone's disks carry the same OS: the new VM inherits the guest, without its processes. */
export function cloneGuest(g: GuestState | undefined): GuestState | undefined {
  if (!g) return undefined;
  return { ...g, osinfo: { ...g.osinfo }, processes: new Map(), nextPid: 1000 };
}

export function guestView(vm: VmState): Record<string, unknown> {
  const g = vm.guest;
  if (!g) return { vmid: vm.vmid, installed: false };
  return {
    vmid: vm.vmid,
    installed: g.installed,
    os: g.os,
    agentDelayMs: g.agentDelayMs,
    maxOutputBytes: g.maxOutputBytes,
    osinfo: g.osinfo,
    processes: g.processes.size,
  };
}
