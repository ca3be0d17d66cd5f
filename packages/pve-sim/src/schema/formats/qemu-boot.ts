import { FormatError } from '../errors.js';
import type { InlineFormat } from '../types.js';
import { registerFormat } from './registry.js';
import { str } from './schema-helpers.js';

/** Boot order formats of qemu-server (QemuServer.pm pve-qm-boot, Drive.pm pve-qm-bootdisk). */
export const INDEXED_COUNTS: Record<string, number> = {
  ide: 4,
  sata: 6,
  scsi: 31,
  virtio: 16,
  unused: 256,
  net: 32,
  ipconfig: 32,
  serial: 4,
  parallel: 3,
  hostpci: 16,
  usb: 14,
  numa: 8,
  virtiofs: 10,
};

const indexed = (name: string, base: string): boolean => {
  const m = new RegExp(`^${base}(\\d+)$`).exec(name);
  if (!m) return false;
  const digits = m[1] as string;
  // confdesc has keys ide0..ide3, not ide00: the digits must be canonical.
  return String(Number(digits)) === digits && Number(digits) < (INDEXED_COUNTS[base] ?? 0);
};

/** Drive.pm is_valid_drivename: a disk slot (not unusedN). */
export function isValidDriveName(name: string): boolean {
  return (
    ['ide', 'sata', 'scsi', 'virtio'].some((b) => indexed(name, b)) ||
    name === 'efidisk0' ||
    name === 'tpmstate0'
  );
}

export const bootFormat: InlineFormat = {
  legacy: str({ default_key: 1, pattern: '[acdn]{1,4}', default: 'cdn' }),
  order: str({ format: 'pve-qm-bootdev-list' }),
};

registerFormat('pve-qm-boot', bootFormat);
registerFormat('pve-qm-bootdev', (dev) => {
  const special = dev.startsWith('efidisk') || dev.startsWith('tpmstate');
  if (isValidDriveName(dev) && !special) return;
  if (['net', 'usb', 'hostpci'].some((b) => indexed(dev, b))) return;
  throw new FormatError(`invalid boot device '${dev}'\n`);
});
registerFormat('pve-qm-bootdisk', (v) => {
  if (!isValidDriveName(v)) throw new FormatError(`invalid boot disk '${v}'\n`);
});
