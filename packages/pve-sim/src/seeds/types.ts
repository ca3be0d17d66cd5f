import type { GuestInput } from '../state/guest.js';
/** The JSON seed file format (documented in README.md). */
export type StorageType = 'dir' | 'lvmthin' | 'lvm' | 'zfspool' | 'nfs' | 'cifs' | 'cephfs';
export type ContentType =
  'iso' | 'vztmpl' | 'backup' | 'images' | 'rootdir' | 'snippets' | 'import';

export interface SeedNode {
  name: string;
  online?: boolean;
  cpu?: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  ip?: string;
}

export interface SeedStorage {
  id: string;
  type: StorageType;
  content: ContentType[];
  shared?: boolean;
  /** Nodes the storage is available on; omitted = all nodes. */
  nodes?: string[];
  /** Bytes; for node-local storages every node has its own pool of this size. */
  total: number;
  used: number;
  /** Mount point / directory for file-based types (defaults: dir /var/lib/vz, network /mnt/pve/<id>). */
  path?: string;
  enabled?: boolean;
  /** Volume group / pool names shown in logs for block types. */
  vgname?: string;
  thinpool?: string;
  pool?: string;
}

export interface SeedVolume {
  volid: string;
  size: number;
  ctime?: number;
  /** Required for node-local storages: whose copy of the storage holds the file. */
  node?: string;
}

export interface SeedBridge {
  iface: string;
  cidr?: string;
  gateway?: string;
  ports?: string;
  vlanAware?: boolean;
  comments?: string;
}

export interface SeedVm {
  vmid: number;
  node: string;
  name?: string;
  running?: boolean;
  /** Config keys as in qemu-server config files (strings or numbers). Volumes referenced are created. */
  config: Record<string, string | number>;
  /**
   * The guest OS inside (for the QEMU guest agent): `{ installed: true, os: 'linux' | 'windows',
   * agentDelayMs?, maxOutputBytes?, osinfo? }`. Clones inherit it. Absent = no agent installed.
   */
  guest?: GuestInput;
}

export interface SeedUser {
  userid: string;
  password?: string;
  enable?: boolean;
  /** Unix time; 0 or absent = never. */
  expire?: number;
}

export interface SeedToken {
  /** user@realm!tokenid */
  tokenid: string;
  secret: string;
  privsep?: boolean;
  expire?: number;
}

export interface SeedAcl {
  path: string;
  role: string;
  /** userid or user@realm!tokenid */
  ugid: string;
  propagate?: boolean;
}

export interface SeedSsh {
  rootPassword?: string;
  /** OpenSSH public keys ("ssh-ed25519 AAAA... comment") accepted for root. */
  authorizedKeys?: string[];
}

export interface SimSeed {
  clusterName?: string;
  nodes: SeedNode[];
  storages: SeedStorage[];
  files?: SeedVolume[];
  bridges?: Record<string, SeedBridge[]>;
  vms?: SeedVm[];
  users?: SeedUser[];
  tokens?: SeedToken[];
  /** Custom roles: name -> privileges. Built-in PVE roles are always present. */
  roles?: Record<string, string[]>;
  acl?: SeedAcl[];
  ssh?: SeedSsh;
  /** Resource pools (Datacenter -> Permissions -> Pools): ids, comments and member VMIDs. */
  resourcePools?: Array<{ poolid: string; comment?: string; vms?: number[] }>;
}
