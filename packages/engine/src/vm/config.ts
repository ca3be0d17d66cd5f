import { LABFORGE_TAG } from './build-record.js';
import { checked, checkedInt } from './property-values.js';
import type { DiskBus, VmSpec } from './spec.js';

/** Storage types whose disks are files: the wizard then picks qcow2 (snapshots, thin files). */
const FILE_STORAGE_TYPES = new Set(['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs']);

export type VirtioState = 'attached' | 'pending' | 'none';

export interface ConfigInput {
  spec: VmSpec;
  vmid: number;
  name: string;
  isoFile: string;
  storage: string;
  storageType: string;
  bridge: string;
  /** `attached`: in the create call; `pending`: downloading, attached afterwards; `none`: no ISO. */
  virtio: { state: VirtioState; volid?: string };
  /** The PVE version knows `ms-cert=2023k` (2023 Microsoft UEFI certificates). */
  msCert: boolean;
  description: string;
}

export interface CreateConfig {
  params: Record<string, string | number>;
  diskKey: string;
  /** Where the driver CD goes (now or once downloaded). */
  virtioKey: string | undefined;
  warnings: string[];
}

/**
 * The parameters of the single `POST /nodes/{node}/qemu` call. Every value that enters a
 * property string passes `checked`, so nothing can add keys of its own.
 */
export function buildCreateConfig(input: ConfigInput): CreateConfig {
  const { spec } = input;
  const warnings: string[] = [];
  const storage = checked('storage', input.storage);
  const bridge = checked('bridge', input.bridge, 'network_bridge');
  const iso = checked('iso', input.isoFile, 'iso_file');
  const fileStorage = FILE_STORAGE_TYPES.has(input.storageType);
  const q35 = /q35/.test(spec.machine ?? '');

  let diskBus: DiskBus = spec.diskBus;
  let nic = spec.nicModel;
  if (spec.wantsVirtio && input.virtio.state === 'none') {
    // Without the driver CD, Windows Setup sees no VirtIO disk: use devices it drives itself.
    if (!spec.userChoseDiskBus && (diskBus === 'scsi' || diskBus === 'virtio')) diskBus = 'sata';
    if (!spec.userChoseNic && nic === 'virtio') nic = 'e1000e';
  }
  const wantsCd = spec.wantsVirtio && input.virtio.state !== 'none';
  const diskKey = `${diskBus}0`;
  // ide0 is the specification's slot for the driver CD; an IDE disk takes it, so the CD moves to
  // SATA (q35 has no ide1/ide3).
  const virtioKey = wantsCd ? (diskBus === 'ide' ? 'sata0' : 'ide0') : undefined;
  if (wantsCd && diskBus === 'ide') {
    warnings.push('disk_bus ide uses ide0, so the VirtIO driver CD is attached as sata0.');
  }
  if (diskBus === 'ide' && q35 && diskKey !== 'ide0')
    warnings.push('q35 offers only ide0 and ide2.');

  const iothread =
    diskBus === 'virtio' || (diskBus === 'scsi' && spec.scsihw === 'virtio-scsi-single');
  const diskOpts = [
    `${storage}:${checkedInt(spec.diskGb, 'disk_size_gb', 1, 65536)}`,
    ...(fileStorage ? ['format=qcow2'] : []),
    ...(iothread ? ['iothread=1'] : []),
  ];

  const params: Record<string, string | number> = {
    vmid: checkedInt(input.vmid, 'vmid', 100, 999_999_999),
    name: checked('name', input.name, 'vm_name'),
    ostype: checked('word', spec.ostype, 'ostype'),
    cores: checkedInt(spec.cores, 'cpu_cores', 1, 64),
    sockets: 1,
    memory: checkedInt(spec.memoryMb, 'memory_mb', 16, 4_194_304),
    cpu: cpuValue(spec),
    scsihw: checked('word', spec.scsihw, 'scsi_controller'),
    [diskKey]: diskOpts.join(','),
    ide2: `${iso},media=cdrom`,
    net0: `${checked('word', nic, 'nic_model')},bridge=${bridge},firewall=1`,
    boot: bootValue(spec.bootOrder, diskKey),
    agent: spec.agent ? 1 : 0,
    tablet: spec.tablet ? 1 : 0,
    tags: LABFORGE_TAG,
    description: input.description,
  };
  if (spec.machine !== undefined) params.machine = checked('machine', spec.machine);
  if (spec.bios === 'ovmf') params.bios = 'ovmf';
  if (spec.numa !== undefined) params.numa = spec.numa ? 1 : 0;
  if (spec.cpuLimit !== undefined && spec.cpuLimit > 0) params.cpulimit = spec.cpuLimit;
  if (spec.vga !== undefined) params.vga = checked('word', spec.vga, 'vga');
  if (spec.onboot !== undefined) params.onboot = spec.onboot ? 1 : 0;
  if (spec.efiDisk) params.efidisk0 = efiDiskValue(storage, fileStorage, spec, input.msCert);
  if (spec.tpm) params.tpmstate0 = `${storage}:1,version=v2.0`;
  if (virtioKey && input.virtio.state === 'attached' && input.virtio.volid) {
    params[virtioKey] = `${checked('iso', input.virtio.volid, 'virtio_iso_file')},media=cdrom`;
  }
  return { params, diskKey, virtioKey, warnings };
}

function cpuValue(spec: VmSpec): string {
  const type = checked('cpu_type', spec.cpuType);
  if (spec.cpuFlags.length === 0) return type;
  const flags = spec.cpuFlags.map((f) => checked('cpu_flag', f, 'cpu_flags'));
  // PVE's syntax: flags=+aes;-pcid (not `host,+aes`, which PVE refuses).
  return `${type},flags=${flags.join(';')}`;
}

function efiDiskValue(storage: string, file: boolean, spec: VmSpec, msCert: boolean): string {
  // Size 1 is the wizard's placeholder: PVE allocates the OVMF vars template's size.
  const opts = [`${storage}:1`, 'efitype=4m'];
  if (spec.secureBootKeys) {
    opts.push('pre-enrolled-keys=1');
    if (msCert) opts.push('ms-cert=2023k');
  }
  if (file) opts.push('format=qcow2');
  return opts.join(',');
}

/** `cdn` -> `order=ide2;scsi0;net0`: the install CD first, then the disk, then the network. */
export function bootValue(letters: string, diskKey: string): string {
  const map: Record<string, string> = { c: 'ide2', d: diskKey, n: 'net0' };
  const devices = [...new Set(letters.split(''))].map((l) => map[l]).filter((d) => d !== undefined);
  return `order=${devices.join(';')}`;
}
