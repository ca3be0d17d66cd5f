import { createHash } from 'node:crypto';
import { die } from '../http/errors.js';
import type { ClusterState } from './cluster.js';
import { GiB, MiB, parseSize } from './format.js';
import type { VmConfig, VmState } from './types.js';
import { DRIVE_KEY } from './volume-names.js';

/** Options that qemu-server stores as integers/booleans: they come back as JSON numbers. */
export const NUMERIC_KEYS = new Set([
  'acpi',
  'autostart',
  'balloon',
  'cores',
  'cpulimit',
  'cpuunits',
  'freeze',
  'keephugepages',
  'kvm',
  'localtime',
  'migrate_downtime',
  'migrate_speed',
  'numa',
  'onboot',
  'protection',
  'reboot',
  'shares',
  'sockets',
  'tablet',
  'tdf',
  'template',
  'vcpus',
]);

export function configPath(node: string, vmid: number | string): string {
  return `nodes/${node}/qemu-server/${vmid}.conf`;
}

/** The VM as seen from {node}: a config on another node does not exist there. */
export function requireVm(c: ClusterState, node: string, vmid: number | string): VmState {
  const vm = c.vms.get(Number(vmid));
  if (!vm || vm.node !== node)
    throw die(`Configuration file '${configPath(node, vmid)}' does not exist\n`);
  return vm;
}

/**
 * PVE's get_unique_tags with datacenter.cfg's default tag-style (no `ordering: config`, not
 * case-sensitive): split on `;`, `,` and white space, lower-cased, sorted, duplicates dropped,
 * joined with `;`. qemu-server applies it to `tags` on create and on every config update.
 */
export function uniqueTags(value: unknown): string {
  const tags = String(value ?? '')
    .split(/[\0\s,;]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase())
    .sort();
  return [...new Set(tags)].join(';');
}

export function normalizeValue(key: string, value: unknown): string | number {
  if (key === 'tags') return uniqueTags(value);
  if (NUMERIC_KEYS.has(key)) {
    if (value === true) return 1;
    if (value === false) return 0;
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return typeof value === 'number' ? String(value) : String(value);
}

/** The config file text (sorted keys, description as comment lines first), as qemu-server writes it. */
export function configText(config: VmConfig): string {
  const lines: string[] = [];
  const desc = config.description;
  if (typeof desc === 'string') for (const l of desc.split('\n')) lines.push(`#${l}`);
  for (const key of Object.keys(config).sort()) {
    if (key === 'description') continue;
    lines.push(`${key}: ${String(config[key])}`);
  }
  return `${lines.join('\n')}\n`;
}

export function configDigest(config: VmConfig): string {
  return createHash('sha1').update(configText(config)).digest('hex');
}

export function sortedConfig(config: VmConfig): VmConfig {
  const out: VmConfig = {};
  for (const key of Object.keys(config).sort()) out[key] = config[key] as string | number;
  return out;
}

export function vmMaxmem(config: VmConfig): number {
  const raw = String(config.memory ?? '512');
  const m = /(?:^|current=)(\d+)/.exec(raw);
  return Number(m?.[1] ?? 512) * MiB;
}

export function vmCpus(config: VmConfig): number {
  if (config.vcpus !== undefined) return Number(config.vcpus);
  return Number(config.sockets ?? 1) * Number(config.cores ?? 1);
}

/** Size of the boot disk (first non-cdrom drive in boot order, else first disk). */
export function vmMaxdisk(config: VmConfig): number {
  for (const [key, value] of Object.entries(config)) {
    if (!DRIVE_KEY.test(key) || key.startsWith('unused') || key.startsWith('efidisk')) continue;
    if (key.startsWith('tpmstate') || typeof value !== 'string' || value.includes('media=cdrom'))
      continue;
    const size = /(?:^|,)size=([^,]+)/.exec(value)?.[1];
    return size ? (parseSize(size) ?? 0) : 0;
  }
  return 0;
}

export function isTemplate(vm: VmState): boolean {
  return Number(vm.config.template ?? 0) === 1;
}

export const DEFAULT_QEMU_VERSION = '10.1.2';
export const BYTES_PER_GIB = GiB;
