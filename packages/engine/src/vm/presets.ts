import {
  guessOsType,
  isWindows,
  OS_TYPE_LABELS,
  OS_TYPES,
  type OsType,
  type OsTypeInfo,
  type Preset,
} from '@labforge/contracts';

/**
 * One table of OS presets. The baseline is the Proxmox VE 9 GUI create wizard (pve-manager
 * www/manager6/qemu/OSDefaults.js and the wizard panels: l26 -> VirtIO SCSI single + VirtIO NIC,
 * win11 -> q35 + OVMF + EFI disk with pre-enrolled keys + TPM 2.0, generic -> IDE + e1000, CPU
 * x86-64-v2-AES, 1 core). Every place we differ from the wizard says so and why:
 *
 * - cores 2 (wizard: 1): the contracts' default; installers are painfully slow on one vCPU.
 * - agent on (wizard: off): LabForge lists VM addresses and shuts classes down cleanly through
 *   the guest agent; install `qemu-guest-agent` (Linux) or the agent from the virtio ISO.
 * - Windows: VirtIO SCSI disk + VirtIO NIC (wizard generic: IDE + e1000) because we always attach
 *   the virtio-win ISO, exactly what the wizard does when "Add additional drive for VirtIO
 *   drivers" is ticked. If no driver ISO can be had, the builder falls back to SATA + e1000e,
 *   which Windows drives without extra drivers.
 * - Windows memory/disk defaults 4096 MB / 64 GB (wizard: 2048 or 4096 / 32 GB): 64 GB is
 *   Windows 11's documented minimum and 32 GB fills up with the first updates.
 * - Windows 10: the wizard keeps SeaBIOS; we do too unless `bios_type` is `ovmf`, which then
 *   brings its EFI disk with pre-enrolled keys (the wizard's "Add EFI Disk" default).
 * - Windows Server: ostype `win11` (PVE's "11/2022/2025" entry), q35 + OVMF + TPM like Windows 11.
 * - Unrecognised `windows` ISO names: treated as Windows 10 style (no TPM requirement), with a
 *   note; choose `windows11` explicitly to get the Windows 11 hardware.
 * - Other: the wizard's `generic` defaults (IDE disk, e1000), ostype `other`.
 * - RHEL-family 10 ISOs (Rocky/Alma/CentOS Stream 10) need x86-64-v3; the wizard's
 *   x86-64-v2-AES would not boot them, so the CPU type follows the ISO name there.
 */
export type PresetKey = 'linux' | 'windows11' | 'windows10' | 'windows-server' | 'other';

export interface PresetSpec extends Preset {
  key: PresetKey;
  family: 'linux' | 'windows' | 'other';
  /** Hard minimums of the guest OS; smaller requests are raised with a warning. */
  min_memory_mb: number;
  min_disk_gb: number;
}

const WIZARD_CPU = 'x86-64-v2-AES';

/** Every Windows preset: VirtIO SCSI + NIC with the driver ISO attached, and roomier defaults. */
const WINDOWS_VIRTIO = {
  family: 'windows',
  disk_bus: 'scsi',
  scsihw: 'virtio-scsi-single',
  nic_model: 'virtio',
  cpu_type: WIZARD_CPU,
  virtio_drivers: true,
  agent: true,
  memory_mb: 4096,
  disk_size_gb: 64,
  cpu_cores: 2,
} as const;

/** What Windows 11 (and Server 2022/2025) need: q35, OVMF, EFI disk with keys, TPM 2.0. */
const UEFI_SECURE_BOOT_TPM = {
  bios: 'ovmf',
  machine: 'q35',
  efi_disk: true,
  secure_boot_keys: true,
  tpm: true,
} as const;

const VIRTIO_NOTE =
  'VirtIO SCSI disk and NIC; load the driver from the virtio-win CD (ide0) in Setup.';

const TABLE: Record<PresetKey, PresetSpec> = {
  linux: {
    key: 'linux',
    family: 'linux',
    ostype: 'l26',
    bios: 'seabios',
    machine: 'pc',
    disk_bus: 'scsi',
    scsihw: 'virtio-scsi-single',
    nic_model: 'virtio',
    cpu_type: WIZARD_CPU,
    efi_disk: false,
    secure_boot_keys: false,
    tpm: false,
    virtio_drivers: false,
    agent: true,
    memory_mb: 2048,
    disk_size_gb: 32,
    cpu_cores: 2,
    min_memory_mb: 512,
    min_disk_gb: 8,
    notes: [
      'Proxmox GUI Linux defaults (l26, VirtIO SCSI single, VirtIO NIC) plus the guest agent.',
    ],
  },
  windows11: {
    key: 'windows11',
    ostype: 'win11',
    ...WINDOWS_VIRTIO,
    ...UEFI_SECURE_BOOT_TPM,
    min_memory_mb: 4096,
    min_disk_gb: 64,
    notes: [
      'q35 + UEFI (OVMF) with a 4m EFI disk and pre-enrolled Secure Boot keys (2023 Microsoft certificates where Proxmox supports them), TPM 2.0.',
      VIRTIO_NOTE,
    ],
  },
  windows10: {
    key: 'windows10',
    ostype: 'win10',
    ...WINDOWS_VIRTIO,
    bios: 'seabios',
    machine: 'pc',
    efi_disk: false,
    secure_boot_keys: false,
    tpm: false,
    min_memory_mb: 2048,
    min_disk_gb: 32,
    notes: [
      'SeaBIOS unless bios_type is ovmf (then an EFI disk with pre-enrolled keys is added).',
      VIRTIO_NOTE,
    ],
  },
  'windows-server': {
    key: 'windows-server',
    ostype: 'win11',
    ...WINDOWS_VIRTIO,
    ...UEFI_SECURE_BOOT_TPM,
    min_memory_mb: 2048,
    min_disk_gb: 32,
    notes: ['Proxmox ostype win11 covers Windows Server 2022/2025: q35, OVMF, TPM 2.0.'],
  },
  other: {
    key: 'other',
    family: 'other',
    ostype: 'other',
    bios: 'seabios',
    machine: 'pc',
    disk_bus: 'ide',
    scsihw: 'virtio-scsi-single',
    nic_model: 'e1000',
    cpu_type: WIZARD_CPU,
    efi_disk: false,
    secure_boot_keys: false,
    tpm: false,
    virtio_drivers: false,
    agent: false,
    memory_mb: 2048,
    disk_size_gb: 32,
    cpu_cores: 2,
    min_memory_mb: 512,
    min_disk_gb: 8,
    notes: ['Proxmox GUI generic defaults (IDE disk, e1000 NIC): works with any installer.'],
  },
};

export function presetKeyFor(os: OsType): PresetKey {
  if (os === 'windows11' || os === 'windows10' || os === 'windows-server') return os;
  if (os === 'windows') return 'windows10';
  if (os === 'other') return 'other';
  return 'linux';
}

export function presetFor(os: OsType): PresetSpec {
  return TABLE[presetKeyFor(os)];
}

/**
 * The OS type a request really means: `windows` is made precise from the ISO name
 * (Win11_24H2... gives windows11); explicit choices are kept.
 */
export function effectiveOsType(os: OsType, isoFile: string): OsType {
  if (os !== 'windows') return os;
  const guess = guessOsType(isoFile);
  return guess !== undefined && isWindows(guess) ? guess : 'windows';
}

/** CPU model for the ISO: the wizard's default, except where that cannot boot the guest. */
export function cpuTypeFor(preset: PresetSpec, isoFile: string): string {
  const name = isoFile.replace(/^.*[:/]/, '');
  if (preset.family === 'linux' && /(rocky|alma|centos|rhel)[^0-9]*10([^0-9]|$)/i.test(name)) {
    return 'x86-64-v3';
  }
  return preset.cpu_type;
}

function familyOf(os: OsType): OsTypeInfo['family'] {
  if (isWindows(os)) return 'windows';
  return os === 'other' ? 'other' : 'linux';
}

/** The presets as the API publishes them (GET /api/vm-builder/os-types). */
export function osTypeInfos(): OsTypeInfo[] {
  return OS_TYPES.map((id) => {
    const { key: _k, family: _f, min_memory_mb: _m, min_disk_gb: _d, ...preset } = presetFor(id);
    const notes =
      id === 'windows'
        ? [
            ...preset.notes,
            'The version is recognised from the ISO name (e.g. Win11_... gives Windows 11).',
          ]
        : preset.notes;
    return { id, label: OS_TYPE_LABELS[id], family: familyOf(id), preset: { ...preset, notes } };
  });
}
