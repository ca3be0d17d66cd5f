import type { QemuConfig } from '@labforge/pve-client';

const DRIVE = /^(ide|sata|scsi|virtio)\d+$/;

/** A drive key of a VM config (`ide2`, `scsi0`, ...). */
export function isDriveKey(key: string): boolean {
  return DRIVE.test(key);
}

export function isCdrom(value: unknown): boolean {
  return typeof value === 'string' && /(^|,)media=cdrom(,|$)/.test(value);
}

/** The ISOs in the VM's CD drives (an empty drive reads `none,media=cdrom`). */
export function attachedMedia(cfg: QemuConfig): Array<{ drive: string; volume: string }> {
  const out: Array<{ drive: string; volume: string }> = [];
  for (const [key, value] of Object.entries(cfg)) {
    if (!DRIVE.test(key) || typeof value !== 'string' || !isCdrom(value)) continue;
    const volume = value.split(',')[0] ?? '';
    if (volume === 'none' || volume === 'cdrom' || volume === '') continue;
    out.push({ drive: key, volume });
  }
  return out.sort((a, b) => a.drive.localeCompare(b.drive));
}

/** `order=ide2;scsi0;net0` -> disks first, then the (now empty) CD drives, then the network. */
export function diskFirstBoot(boot: unknown, cfg: Record<string, unknown>): string | undefined {
  const m = typeof boot === 'string' ? /order=([^,]+)/.exec(boot) : null;
  if (!m?.[1]) return undefined;
  const devs = m[1].split(';');
  const disks = devs.filter((d) => DRIVE.test(d) && !isCdrom(cfg[d]));
  const cds = devs.filter((d) => DRIVE.test(d) && isCdrom(cfg[d]));
  const rest = devs.filter((d) => !DRIVE.test(d));
  return `order=${[...disks, ...cds, ...rest].join(';')}`;
}

/**
 * The config change that ejects every ISO (drives stay, empty: `none,media=cdrom`) and puts the
 * disk first in the boot order; `changes` is empty when nothing is attached and the order is fine.
 */
export function ejectChanges(cfg: QemuConfig): {
  changes: Record<string, string>;
  ejected: string[];
} {
  const changes: Record<string, string> = {};
  const ejected: string[] = [];
  for (const { drive, volume } of attachedMedia(cfg)) {
    changes[drive] = 'none,media=cdrom';
    ejected.push(volume);
  }
  const boot = diskFirstBoot(cfg.boot, { ...cfg, ...changes });
  if (boot && boot !== cfg.boot) changes.boot = boot;
  return { changes, ejected };
}
