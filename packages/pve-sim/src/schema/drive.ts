import { parsePropertyStringRaw, printPropertyString } from './property-string.js';
import { INDEXED_COUNTS, isValidDriveName } from './formats/qemu-boot.js';
import {
  allDriveFormat,
  efidiskFormat,
  ideFormat,
  sataFormat,
  scsiFormat,
  tpmstateFormat,
  unusedFormat,
  virtioFormat,
  withAlloc,
} from './formats/qemu-drives.js';
import type { InlineFormat } from './types.js';

/**
 * qemu-server Drive.pm parse_drive/print_drive. parseDrive returns undefined where PVE's returns
 * undef (the API then answers 400 {key: "unable to parse drive options"}).
 */
export type ParsedDrive = Record<string, string> & {
  interface: string;
  index: string;
  file: string;
};

const DROPPED = new Set(['cyls', 'heads', 'secs', 'trans']);
const FORMATS: Record<string, InlineFormat> = {
  ide: ideFormat,
  scsi: scsiFormat,
  sata: sataFormat,
  virtio: virtioFormat,
  efidisk: efidiskFormat,
  tpmstate: tpmstateFormat,
  unused: unusedFormat,
};
const REQUIREMENTS: Array<[string, string]> = [
  ['mbps_max', 'mbps'],
  ['mbps_rd_max', 'mbps_rd'],
  ['mbps_wr_max', 'mbps_wr'],
  ['bps_max_length', 'mbps_max'],
  ['bps_rd_max_length', 'mbps_rd_max'],
  ['bps_wr_max_length', 'mbps_wr_max'],
  ['iops_max_length', 'iops_max'],
  ['iops_rd_max_length', 'iops_rd_max'],
  ['iops_wr_max_length', 'iops_wr_max'],
];
const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0';

/** JSONSchema::parse_size: bytes, or undefined. */
export function parseSize(value: string): number | undefined {
  const m = /^(\d+(\.\d+)?)([KMGT](?:iB)?)?$/.exec(value);
  if (!m) return undefined;
  const power = { K: 1, M: 2, G: 3, T: 4 }[(m[3] ?? '').charAt(0) as 'K'] ?? 0;
  return Math.trunc(Number(m[1]) * 1024 ** power);
}

export function isDriveKey(key: string): boolean {
  const m = /^unused(\d+)$/.exec(key);
  if (m) return String(Number(m[1])) === m[1] && Number(m[1]) < (INDEXED_COUNTS.unused ?? 0);
  return isValidDriveName(key);
}

export function parseDrive(
  key: string,
  value: string,
  withAllocation = false,
): ParsedDrive | undefined {
  const m = /^([^\d]+)(\d+)$/.exec(key);
  if (!m || !isDriveKey(key)) return undefined;
  const iface = m[1] as string;
  const base = FORMATS[iface];
  if (!base) return undefined;
  const fmt = withAllocation && iface !== 'unused' ? withAlloc(base) : base;
  const kept = value
    .split(',')
    .filter((part) => !DROPPED.has(/^([^=]+)=/.exec(part)?.[1] ?? ''))
    .join(',');
  let res: Record<string, string>;
  try {
    res = parsePropertyStringRaw(fmt, kept);
  } catch {
    return undefined;
  }
  let errors = 0;
  for (const opt of ['bps', 'bps_rd', 'bps_wr']) {
    if (res[opt] === undefined) continue;
    delete res[opt];
    if (res[`m${opt}`] !== undefined) errors++;
    // PVE stores defined() (=1) here instead of the value, so 1 byte/s becomes "0.000" MB/s.
    else res[`m${opt}`] = (1 / (1024 * 1024)).toFixed(3);
  }
  for (const [option, requires] of REQUIREMENTS)
    if (truthy(res[option]) && !truthy(res[requires])) errors++;
  if (errors > 0) return undefined;
  for (const [a, b] of [
    ['mbps_rd', 'mbps'],
    ['mbps_wr', 'mbps'],
    ['iops_rd', 'iops'],
    ['iops_wr', 'iops'],
  ]) {
    if (truthy(res[a as string]) && truthy(res[b as string])) return undefined;
  }
  if (res.media === 'cdrom' && (truthy(res.snapshot) || truthy(res.format) || iface === 'virtio'))
    return undefined;
  if (truthy(res.size)) {
    const bytes = parseSize(res.size as string);
    if (bytes === undefined) return undefined;
    res.size = String(bytes);
  }
  return { ...res, interface: iface, index: m[2] as string } as ParsedDrive;
}

/** print_drive: volume first, then the other keys sorted; `size` printed with format_size. */
export function printDrive(drive: Record<string, string | number>, withAllocation = false): string {
  const data = { ...drive };
  delete data.interface;
  delete data.index;
  return printPropertyString(withAllocation ? withAlloc(allDriveFormat) : allDriveFormat, data);
}
