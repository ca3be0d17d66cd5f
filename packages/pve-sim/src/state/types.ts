import type { ContentType, SeedBridge, StorageType } from '../seeds/types.js';

export interface NodeState {
  name: string;
  nodeid: number;
  online: boolean;
  cpu: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  /** Simulated unix time the node booted. */
  bootTime: number;
  ip: string;
  bridges: SeedBridge[];
}

export interface StorageDef {
  id: string;
  type: StorageType;
  content: ContentType[];
  shared: boolean;
  nodes: string[] | undefined;
  path: string | undefined;
  enabled: boolean;
  total: number;
  used: number;
  vgname: string;
  thinpool: string;
  pool: string;
}

/** One physical pool of space: a shared storage has one, a node-local storage one per node. */
export interface StoragePool {
  key: string;
  storage: string;
  total: number;
  used: number;
  /** Sum of virtual sizes on thin pools (overcommit detection). */
  allocated: number;
  volumes: Map<string, Volume>;
}

export interface Volume {
  volid: string;
  storage: string;
  /** The part after "storage:" (e.g. "iso/x.iso", "100/vm-100-disk-0.qcow2", "vm-100-disk-0"). */
  name: string;
  content: ContentType;
  format: string;
  size: number;
  ctime: number;
  vmid?: number;
  /** File contents for small files fetched by download-url, uploaded or written over SSH. */
  data?: Buffer;
  /**
   * Hex digests by algorithm for files whose bytes are not kept (large downloads and uploads are
   * hashed while they stream, so memory stays flat whatever their size).
   */
  digests?: Record<string, string>;
  /** Linked clones: the base volume as the storage reports it in content listings (`parent`). */
  parent?: string;
  /** Bytes this volume takes from the pool's `used` when it differs from `size` (linked clones). */
  charged?: number;
}

export type VmConfig = Record<string, string | number>;

export interface VmState {
  vmid: number;
  node: string;
  config: VmConfig;
  running: boolean;
  startedAt: number;
  pid: number;
  /** The simulated guest OS (QEMU guest agent); undefined = nothing installed. */
  guest?: GuestState;
  /** Real ms (Date.now) of the last start: the guest agent answers once its boot delay passed. */
  bootedAtMs?: number;
}

/** A guest agent process started by guest-exec, as QGA keeps it until its status was read. */
export interface GuestProcess {
  pid: number;
  /** Real ms when the process exits. */
  exitsAtMs: number;
  exitcode: number;
  stdout: Buffer;
  stderr: Buffer;
  outTruncated: boolean;
  errTruncated: boolean;
}

export interface GuestState {
  /** The QEMU guest agent is installed and starts with the guest. */
  installed: boolean;
  os: 'linux' | 'windows';
  /** Simulated ms after the VM started until the agent answers (scaled by taskSpeed). */
  agentDelayMs: number;
  /** QGA's capture limit per stream (GUEST_EXEC_MAX_OUTPUT, 16 MiB); lower it to test truncation. */
  maxOutputBytes: number;
  /** guest-get-osinfo result; defaults per os. */
  osinfo: Record<string, string>;
  /** Running guest-exec processes (lost when the VM stops). */
  processes: Map<number, GuestProcess>;
  nextPid: number;
}

export interface UserState {
  userid: string;
  password: string | undefined;
  enable: boolean;
  expire: number;
}

export interface TokenState {
  tokenid: string;
  userid: string;
  secret: string;
  privsep: boolean;
  expire: number;
}

export interface AclEntry {
  path: string;
  role: string;
  ugid: string;
  propagate: boolean;
}

/** Who is calling: a user via ticket, or an API token. */
export interface Identity {
  userid: string;
  tokenid?: string;
  viaTicket: boolean;
}

export function identityName(id: Identity): string {
  return id.tokenid ? `${id.userid}!${id.tokenid}` : id.userid;
}
