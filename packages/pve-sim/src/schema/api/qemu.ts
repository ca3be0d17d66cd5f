import { bool, int, oneOf, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, digestParam, nodeParam, optional, storageParam, vmidParam } from './common.js';
import { vmConfigProperties } from './qemu-config.js';

/** qemu-server API2/Qemu.pm endpoints the simulator implements. */
const base = { node: nodeParam, vmid: vmidParam };
const node = { proxyto: 'node', additionalProperties: 0 } as const;
const upid = { type: 'string' };
const DRIVE_KEYS = [
  ...[0, 1, 2, 3].map((i) => `ide${i}`),
  ...Array.from({ length: 31 }, (_v, i) => `scsi${i}`),
  ...Array.from({ length: 16 }, (_v, i) => `virtio${i}`),
  ...Array.from({ length: 6 }, (_v, i) => `sata${i}`),
  'efidisk0',
  'tpmstate0',
];
const configUpdate = {
  ...vmConfigProperties(true),
  ...base,
  delete: str({ format: 'pve-configid-list' }),
  revert: str({ format: 'pve-configid-list' }),
  force: bool({ requires: 'delete' }),
  digest: digestParam,
  skiplock: bool(),
};

export const qemuApi: MethodDefinition[] = [
  def(
    'GET',
    '/nodes/{node}/qemu',
    { node: nodeParam, full: bool() },
    { ...node, protected: true, returns: { type: 'array' } },
  ),
  def(
    'POST',
    '/nodes/{node}/qemu',
    {
      ...vmConfigProperties(true),
      ...base,
      archive: str({ maxLength: 255 }),
      storage: optional(storageParam),
      force: bool({ requires: 'archive' }),
      unique: bool({ requires: 'archive' }),
      'live-restore': bool(),
      pool: str({ format: 'pve-poolid' }),
      bwlimit: int(0, undefined, { default: 'restore limit from datacenter or storage config' }),
      start: bool({ default: 0 }),
      'ha-managed': bool({ default: 0 }),
      'import-working-storage': optional(storageParam),
    },
    { ...node, protected: true, returns: upid },
  ),
  def('GET', '/nodes/{node}/qemu/{vmid}', base, { ...node, returns: { type: 'array' } }),
  def(
    'GET',
    '/nodes/{node}/qemu/{vmid}/config',
    {
      ...base,
      current: bool({ default: 0 }),
      snapshot: str({ format: 'pve-configid', maxLength: 40 }),
    },
    { ...node, returns: { type: 'object' } },
  ),
  def('PUT', '/nodes/{node}/qemu/{vmid}/config', configUpdate, {
    ...node,
    protected: true,
    returns: { type: 'null' },
  }),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/config',
    {
      ...configUpdate,
      background_delay: int(1, 30),
      'import-working-storage': optional(storageParam),
    },
    { ...node, protected: true, returns: { type: 'string', optional: 1 } },
  ),
  def(
    'DELETE',
    '/nodes/{node}/qemu/{vmid}',
    {
      ...base,
      skiplock: bool(),
      purge: bool(),
      'destroy-unreferenced-disks': bool({ default: 0 }),
    },
    { ...node, protected: true, returns: upid },
  ),
  def('GET', '/nodes/{node}/qemu/{vmid}/status/current', base, {
    ...node,
    protected: true,
    returns: { type: 'object' },
  }),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/status/start',
    {
      ...base,
      skiplock: bool(),
      stateuri: str({ maxLength: 128 }),
      migratedfrom: optional(nodeParam),
      migration_type: oneOf(['secure', 'insecure']),
      migration_network: str({ format: 'CIDR' }),
      machine: str({ format: vmConfigProperties(false).machine?.format ?? 'string' }),
      'force-cpu': str(),
      targetstorage: str({ format: 'storage-pair-list' }),
      timeout: int(0, undefined, { default: 'max(30, vm memory in GiB)' }),
      'nets-host-mtu': str({ pattern: 'net\\d+=\\d+(,net\\d+=\\d+)*' }),
      'with-conntrack-state': bool({ default: 0 }),
    },
    { ...node, protected: true, returns: upid },
  ),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/status/stop',
    {
      ...base,
      skiplock: bool(),
      migratedfrom: optional(nodeParam),
      timeout: int(0),
      keepActive: bool({ default: 0 }),
      'overrule-shutdown': bool({ default: 0 }),
    },
    { ...node, protected: true, returns: upid },
  ),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/template',
    { ...base, disk: oneOf(DRIVE_KEYS) },
    { ...node, protected: true, returns: upid },
  ),
];
