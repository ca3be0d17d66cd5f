/**
 * Shapes of the Proxmox VE objects the engine reads, following the real API fields
 * (PVE 9.x). Booleans arrive as 0/1 integers; optional fields are those PVE omits for
 * offline nodes, missing privileges or inactive storages.
 */

export type PveBool = 0 | 1;

export interface ClusterResource {
  id: string; // 'qemu/100', 'node/pve1', 'storage/pve1/local'
  type: 'qemu' | 'lxc' | 'node' | 'storage' | 'pool' | 'sdn' | 'network' | string;
  node?: string;
  status?: string; // vm: running|stopped|unknown; node: online|offline|unknown; storage: available|unknown
  vmid?: number;
  name?: string;
  template?: PveBool;
  lock?: string;
  tags?: string;
  pool?: string;
  storage?: string;
  plugintype?: string;
  shared?: PveBool;
  content?: string; // comma list, unspecified order
  disk?: number;
  maxdisk?: number;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  uptime?: number;
  level?: string;
  hastate?: string;
}

export interface NodeInfo {
  node: string;
  status: 'online' | 'offline' | 'unknown';
  id?: string;
  type?: 'node';
  level?: string;
  ssl_fingerprint?: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
}

export interface NodeStatus {
  cpu?: number;
  uptime?: number;
  memory?: { total: number; used: number; free: number; available?: number };
  rootfs?: { total: number; used: number; free: number; avail?: number };
  cpuinfo?: { cpus?: number; sockets?: number; cores?: number; model?: string };
  pveversion?: string;
  kversion?: string;
  loadavg?: string[];
  [key: string]: unknown;
}

export interface ClusterStatusEntry {
  type: 'cluster' | 'node';
  id: string;
  name: string;
  nodes?: number;
  quorate?: PveBool;
  version?: number;
  online?: PveBool;
  local?: PveBool;
  nodeid?: number;
  ip?: string;
  level?: string;
}

export interface NodeStorage {
  storage: string;
  type: string;
  content: string;
  shared?: PveBool;
  enabled?: PveBool;
  active?: PveBool;
  total?: number;
  used?: number;
  avail?: number;
  used_fraction?: number;
  formats?: { supported: string[]; default: string };
}

export interface StorageStatus {
  type: string;
  content: string;
  shared?: PveBool;
  enabled?: PveBool;
  active?: PveBool;
  total?: number;
  used?: number;
  avail?: number;
}

export interface StorageContent {
  volid: string; // 'local:iso/debian.iso'
  content: string; // 'iso' | 'images' | 'vztmpl' | ...
  format: string;
  size: number;
  ctime?: number;
  vmid?: number;
  used?: number;
  parent?: string;
}

export interface UrlMetadata {
  filename?: string;
  size?: number;
  mimetype?: string;
}

export interface NetworkIface {
  iface: string;
  type: string;
  active?: PveBool;
  autostart?: PveBool;
  method?: string;
  families?: string[];
  bridge_ports?: string;
  bridge_vlan_aware?: PveBool;
  address?: string;
  netmask?: string;
  cidr?: string;
  gateway?: string;
  comments?: string;
  [key: string]: unknown;
}

export interface QemuListEntry {
  vmid: number;
  status: 'running' | 'stopped' | string;
  name?: string;
  template?: PveBool;
  lock?: string;
  tags?: string;
  cpus?: number;
  maxmem?: number;
  maxdisk?: number;
  uptime?: number;
}

export interface QemuStatus {
  vmid: number;
  status: 'running' | 'stopped' | string;
  qmpstatus?: string;
  name?: string;
  template?: PveBool;
  lock?: string;
  tags?: string;
  uptime?: number;
  [key: string]: unknown;
}

export type QemuConfig = Record<string, unknown> & { digest?: string };

/** Arrays are sent as repeated keys (PVE's `array` parameters, e.g. agent/exec `command`). */
export type ParamValue = string | number | boolean | readonly string[] | undefined | null;
export type Params = Record<string, ParamValue>;

export type * from './task-types.js';
