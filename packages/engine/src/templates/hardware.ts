import type { QemuConfig } from '@labforge/pve-client';
import type { TemplateDisk, TemplateFirmware, TemplateHardware } from '@labforge/contracts';
import { virtioVersion } from '../virtio/choose.js';

/** Disks live in these keys; efidisk0 and tpmstate0 are disks too (linked clones need them). */
const DISK_KEY = /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/;
const UNITS: Record<string, number> = { K: 1 / 1024 ** 2, M: 1 / 1024, G: 1, T: 1024 };

/** `size=32G` / `size=4M` / `size=528K` in GiB (PVE prints sizes with a unit letter). */
export function sizeGb(value: string): number {
  const m = /(?:^|,)size=(\d+(?:\.\d+)?)([KMGT])?(?:,|$)/.exec(value);
  if (!m) return 0;
  const gb = Number(m[1]) * (UNITS[m[2] ?? 'G'] ?? 1);
  return Math.round(gb * 1000) / 1000;
}

function option(value: string, key: string): string | undefined {
  for (const part of value.split(',')) {
    const [k, v] = part.split('=');
    if (k === key) return v;
  }
  return undefined;
}

/** Every disk of the config (CD drives and unused volumes left out), in config-key order. */
export function templateDisks(cfg: QemuConfig): TemplateDisk[] {
  const out: TemplateDisk[] = [];
  for (const [drive, raw] of Object.entries(cfg)) {
    if (!DISK_KEY.test(drive) || typeof raw !== 'string') continue;
    if (/(^|,)media=cdrom(,|$)/.test(raw)) continue;
    const volume = raw.split(',')[0] ?? '';
    const storage = volume.includes(':') ? volume.slice(0, volume.indexOf(':')) : '';
    if (!storage) continue;
    out.push({ drive, storage, size_gb: sizeGb(raw) });
  }
  return out.sort((a, b) => a.drive.localeCompare(b.drive, 'en', { numeric: true }));
}

/** BIOS, EFI disk (with or without pre-enrolled Secure Boot keys), TPM and machine type. */
export function templateFirmware(cfg: QemuConfig): TemplateFirmware {
  const efi = typeof cfg.efidisk0 === 'string' ? cfg.efidisk0 : undefined;
  const tpm = typeof cfg.tpmstate0 === 'string' ? cfg.tpmstate0 : undefined;
  const tpmVersion = tpm ? option(tpm, 'version') : undefined;
  return {
    bios: cfg.bios === 'ovmf' ? 'ovmf' : 'seabios',
    efi_disk: efi !== undefined,
    secure_boot_keys: efi !== undefined && option(efi, 'pre-enrolled-keys') === '1',
    // PVE's tpmstate0 `version` defaults to v1.2 when the option is absent.
    tpm_version: tpm ? (tpmVersion === 'v2.0' ? 'v2.0' : 'v1.2') : null,
    machine: typeof cfg.machine === 'string' && cfg.machine ? cfg.machine : 'i440fx',
  };
}

export function templateHardware(cfg: QemuConfig): TemplateHardware {
  const sockets = Number(cfg.sockets ?? 1) || 1;
  return {
    // PVE's defaults: 1 core, 1 socket, 512 MiB (the total vCPUs are cores x sockets).
    cores: (Number(cfg.cores ?? 1) || 1) * sockets,
    memory_mb: Math.round(Number(cfg.memory ?? 512)) || 512,
    disks: templateDisks(cfg),
    firmware: templateFirmware(cfg),
  };
}

/** `local:iso/virtio-win-0.1.266.iso` -> `0.1.266`; null when the name carries no version. */
export function virtioIsoVersion(isoFile: string): string | null {
  return virtioVersion(isoFile)?.join('.') ?? null;
}
