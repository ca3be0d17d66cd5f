import type { BuildRequest, OsType } from '@labforge/contracts';
import { guessOsType, isWindows } from '@labforge/contracts';
import { cpuTypeFor, effectiveOsType, presetFor, type PresetSpec } from './presets.js';

export type DiskBus = 'scsi' | 'virtio' | 'sata' | 'ide';

/** The hardware a request resolves to, before any cluster fact is known. Pure. */
export interface VmSpec {
  osType: OsType;
  preset: PresetSpec;
  ostype: string;
  bios: 'seabios' | 'ovmf';
  /** Undefined = Proxmox's default (i440fx), not sent, as the wizard does. */
  machine: string | undefined;
  diskBus: DiskBus;
  userChoseDiskBus: boolean;
  scsihw: string;
  nicModel: string;
  userChoseNic: boolean;
  cpuType: string;
  cpuFlags: string[];
  cpuLimit: number | undefined;
  numa: boolean | undefined;
  vga: string | undefined;
  bootOrder: string;
  tablet: boolean;
  agent: boolean;
  onboot: boolean | undefined;
  efiDisk: boolean;
  secureBootKeys: boolean;
  tpm: boolean;
  wantsVirtio: boolean;
  cores: number;
  memoryMb: number;
  diskGb: number;
  warnings: string[];
}

type SpecInput = Pick<
  BuildRequest,
  | 'os_type'
  | 'iso_file'
  | 'cpu_cores'
  | 'memory_mb'
  | 'disk_size_gb'
  | 'bios_type'
  | 'cpu_type'
  | 'cpu_flags'
  | 'cpu_limit'
  | 'numa'
  | 'machine'
  | 'vga'
  | 'boot_order'
  | 'scsi_controller'
  | 'disk_bus'
  | 'nic_model'
  | 'tablet'
  | 'agent'
  | 'onboot'
>;

export function resolveSpec(req: SpecInput): VmSpec {
  const warnings: string[] = [];
  const osType = effectiveOsType(req.os_type, req.iso_file);
  const preset = presetFor(osType);
  const isoGuess = guessOsType(req.iso_file);
  if (!isWindows(req.os_type) && isoGuess !== undefined && isWindows(isoGuess)) {
    warnings.push(
      `The ISO looks like ${isoGuess} but os_type is ${req.os_type}: the VM gets ${req.os_type} hardware. Choose a Windows os_type for Windows hardware (UEFI, TPM, VirtIO drivers).`,
    );
  }
  if (req.os_type === 'windows' && osType === 'windows') {
    warnings.push(
      'The Windows version was not recognised from the ISO name: Windows 10 style hardware was used. Choose windows11 explicitly for UEFI + TPM 2.0.',
    );
  }
  const bios = req.bios_type ?? preset.bios;
  const windows = preset.family === 'windows';
  if (preset.tpm && bios === 'seabios') {
    warnings.push(
      'Windows 11 / Server 2025 Setup requires UEFI with Secure Boot: with bios_type seabios it will refuse to install.',
    );
  }
  // Windows on OVMF gets q35 like Windows 11 (the wizard pairs them for win11 only); an explicit
  // machine always wins.
  const presetMachine =
    preset.machine === 'q35' || (windows && bios === 'ovmf') ? 'q35' : undefined;
  const memoryMb = raise(req.memory_mb, preset.min_memory_mb, 'memory_mb', 'MB', osType, warnings);
  const diskGb = raise(
    req.disk_size_gb,
    preset.min_disk_gb,
    'disk_size_gb',
    'GB',
    osType,
    warnings,
  );
  return {
    osType,
    preset,
    ostype: preset.ostype,
    bios,
    machine: req.machine ?? presetMachine,
    diskBus: req.disk_bus ?? (preset.disk_bus as DiskBus),
    userChoseDiskBus: req.disk_bus !== undefined,
    scsihw: req.scsi_controller ?? preset.scsihw,
    nicModel: req.nic_model ?? preset.nic_model,
    userChoseNic: req.nic_model !== undefined,
    cpuType: req.cpu_type ?? cpuTypeFor(preset, req.iso_file),
    cpuFlags: req.cpu_flags ?? [],
    cpuLimit: req.cpu_limit,
    numa: req.numa,
    vga: req.vga,
    bootOrder: req.boot_order ?? 'cdn',
    tablet: req.tablet ?? true,
    agent: req.agent ?? preset.agent,
    onboot: req.onboot,
    efiDisk: bios === 'ovmf',
    // The wizard's EFI disk has pre-enrolled keys ticked for every OS.
    secureBootKeys: bios === 'ovmf',
    tpm: preset.tpm,
    wantsVirtio: windows,
    cores: req.cpu_cores,
    memoryMb,
    diskGb,
    warnings,
  };
}

function raise(
  value: number,
  min: number,
  field: string,
  unit: string,
  os: OsType,
  warnings: string[],
): number {
  if (value >= min) return value;
  warnings.push(
    `${field} raised from ${value} to ${min} ${unit}: ${os} needs at least ${min} ${unit}.`,
  );
  return min;
}
