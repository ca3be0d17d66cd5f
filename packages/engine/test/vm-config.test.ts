import { buildRequestSchema, type BuildRequestInput } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { BuilderError } from '../src/errors/builder-error.js';
import { osTypeInfos } from '../src/vm/presets.js';
import { buildCreateConfig, bootValue, type VirtioState } from '../src/vm/config.js';
import { resolveSpec } from '../src/vm/spec.js';

function config(
  input: Partial<BuildRequestInput>,
  opts: { storageType?: string; virtio?: VirtioState; msCert?: boolean } = {},
) {
  const req = buildRequestSchema.parse({
    vm_name: 'vm1',
    iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    ...input,
  });
  const spec = resolveSpec(req);
  const virtio = opts.virtio ?? 'attached';
  const out = buildCreateConfig({
    spec,
    vmid: 123,
    name: req.vm_name,
    isoFile: req.iso_file,
    storage: req.storage ?? 'local-lvm',
    storageType: opts.storageType ?? 'lvmthin',
    bridge: req.network_bridge,
    virtio: {
      state: virtio,
      ...(virtio === 'attached' ? { volid: 'isos-nfs:iso/virtio-win.iso' } : {}),
    },
    msCert: opts.msCert ?? true,
    description: 'Built with LabForge',
  });
  return { ...out, spec };
}

describe('vm-config', () => {
  it('builds the GUI-like Linux config with the ISO first in the boot order', () => {
    const { params } = config({ cpu_cores: 4, memory_mb: 4096, disk_size_gb: 50 });
    expect(params).toMatchObject({
      vmid: 123,
      name: 'vm1',
      ostype: 'l26',
      cores: 4,
      sockets: 1,
      memory: 4096,
      cpu: 'x86-64-v2-AES',
      scsihw: 'virtio-scsi-single',
      scsi0: 'local-lvm:50,iothread=1',
      ide2: 'local:iso/ubuntu-22.04-live-server-amd64.iso,media=cdrom',
      net0: 'virtio,bridge=vmbr0,firewall=1',
      boot: 'order=ide2;scsi0;net0',
      agent: 1,
      tablet: 1,
      tags: 'labforge',
    });
    expect(params).not.toHaveProperty('bios');
    expect(params).not.toHaveProperty('efidisk0');
    expect(params).not.toHaveProperty('ide0');
  });

  it('uses qcow2 on file storages, as the wizard does', () => {
    const { params } = config({ storage: 'local' }, { storageType: 'dir' });
    expect(params.scsi0).toBe('local:32,format=qcow2,iothread=1');
  });

  it('gives Windows 11 q35, OVMF, EFI 4m with keys and 2023 certs, TPM 2.0 and the driver CD', () => {
    const { params, spec } = config({
      os_type: 'windows11',
      iso_file: 'local:iso/Win11_24H2_English_x64.iso',
    });
    expect(params).toMatchObject({
      ostype: 'win11',
      machine: 'q35',
      bios: 'ovmf',
      efidisk0: 'local-lvm:1,efitype=4m,pre-enrolled-keys=1,ms-cert=2023k',
      tpmstate0: 'local-lvm:1,version=v2.0',
      ide0: 'isos-nfs:iso/virtio-win.iso,media=cdrom',
      ide2: 'local:iso/Win11_24H2_English_x64.iso,media=cdrom',
      scsi0: 'local-lvm:64,iothread=1',
      memory: 4096,
    });
    expect(spec.warnings.join(' ')).toMatch(/memory_mb raised from 2048 to 4096/);
  });

  it('omits ms-cert when the PVE version does not know it', () => {
    const { params } = config(
      { os_type: 'windows11', iso_file: 'local:iso/Win11.iso' },
      { msCert: false },
    );
    expect(params.efidisk0).toBe('local-lvm:1,efitype=4m,pre-enrolled-keys=1');
  });

  it('recognises Windows 11 from the ISO name when os_type is windows', () => {
    const { params } = config({
      os_type: 'windows',
      iso_file: 'local:iso/Win11_24H2_English_x64.iso',
    });
    expect(params.ostype).toBe('win11');
    expect(params.tpmstate0).toBeDefined();
  });

  it('gives Windows 10 SeaBIOS by default and OVMF with its EFI disk when bios_type says so', () => {
    const iso = 'local:iso/Win10_22H2_English_x64.iso';
    const seabios = config({ os_type: 'windows', iso_file: iso }).params;
    expect(seabios).toMatchObject({ ostype: 'win10' });
    expect(seabios).not.toHaveProperty('efidisk0');
    expect(seabios).not.toHaveProperty('tpmstate0');
    const ovmf = config(
      { os_type: 'windows', iso_file: iso, bios_type: 'ovmf' },
      { storageType: 'dir', virtio: 'attached' },
    );
    expect(ovmf.params).toMatchObject({
      ostype: 'win10',
      bios: 'ovmf',
      machine: 'q35',
      efidisk0: 'local-lvm:1,efitype=4m,pre-enrolled-keys=1,ms-cert=2023k,format=qcow2',
    });
  });

  it('falls back to SATA + e1000e for Windows when no driver ISO can be had', () => {
    const { params, virtioKey } = config(
      { os_type: 'windows10', iso_file: 'local:iso/Win10.iso' },
      { virtio: 'none' },
    );
    expect(params.sata0).toBe('local-lvm:32');
    expect(params.net0).toBe('e1000e,bridge=vmbr0,firewall=1');
    expect(params.boot).toBe('order=ide2;sata0;net0');
    expect(virtioKey).toBeUndefined();
  });

  it('keeps the driver CD slot for a pending download without putting it in the create call', () => {
    const { params, virtioKey } = config(
      { os_type: 'windows11', iso_file: 'local:iso/Win11.iso' },
      { virtio: 'pending' },
    );
    expect(virtioKey).toBe('ide0');
    expect(params).not.toHaveProperty('ide0');
    expect(params.scsi0).toBeDefined();
  });

  it('maps every advanced option to its PVE parameter', () => {
    const { params } = config({
      cpu_type: 'host',
      cpu_flags: ['+aes', '-pcid'],
      cpu_limit: 2,
      numa: true,
      machine: 'pc-q35-9.2+pve1',
      bios_type: 'ovmf',
      vga: 'qxl',
      boot_order: 'dcn',
      scsi_controller: 'lsi',
      disk_bus: 'virtio',
      nic_model: 'e1000',
      tablet: false,
      agent: false,
      onboot: true,
    });
    expect(params).toMatchObject({
      cpu: 'host,flags=+aes;-pcid',
      cpulimit: 2,
      numa: 1,
      machine: 'pc-q35-9.2+pve1',
      bios: 'ovmf',
      vga: 'qxl',
      boot: 'order=virtio0;ide2;net0',
      scsihw: 'lsi',
      virtio0: 'local-lvm:32,iothread=1',
      net0: 'e1000,bridge=vmbr0,firewall=1',
      tablet: 0,
      agent: 0,
      onboot: 1,
    });
  });

  it('refuses values that would inject property-string keys', () => {
    const req = buildRequestSchema.parse({ vm_name: 'vm1', iso_file: 'local:iso/u.iso' });
    const spec = resolveSpec(req);
    const base = {
      spec,
      vmid: 100,
      name: 'vm1',
      isoFile: 'local:iso/u.iso',
      storage: 'local-lvm',
      storageType: 'lvmthin',
      bridge: 'vmbr0',
      virtio: { state: 'none' as const },
      msCert: false,
      description: '',
    };
    expect(() => buildCreateConfig({ ...base, bridge: 'vmbr0,tag=99' })).toThrow(BuilderError);
    expect(() => buildCreateConfig({ ...base, storage: 'local-lvm:1,x=y' })).toThrow(BuilderError);
    expect(() => buildCreateConfig({ ...base, isoFile: 'local:iso/a.iso,media=disk' })).toThrow(
      /iso_file/,
    );
    expect(() =>
      buildCreateConfig({ ...base, spec: { ...spec, cpuType: 'host,flags=+x' } }),
    ).toThrow(/cpu_type/);
    expect(() => buildCreateConfig({ ...base, spec: { ...spec, cpuFlags: ['+aes;+x'] } })).toThrow(
      /cpu_flags/,
    );
  });

  it('gives RHEL 10 family ISOs a CPU model they can boot on', () => {
    expect(
      config({ os_type: 'rocky', iso_file: 'local:iso/Rocky-10.0-x86_64-minimal.iso' }).params.cpu,
    ).toBe('x86-64-v3');
    expect(
      config({ os_type: 'rocky', iso_file: 'local:iso/Rocky-9.4-x86_64-minimal.iso' }).params.cpu,
    ).toBe('x86-64-v2-AES');
  });

  it('maps boot letters to devices', () => {
    expect(bootValue('cdn', 'scsi0')).toBe('order=ide2;scsi0;net0');
    expect(bootValue('d', 'sata0')).toBe('order=sata0');
  });

  it('publishes one preset per OS type', () => {
    const infos = osTypeInfos();
    expect(infos.map((i) => i.id)).toContain('windows11');
    const win11 = infos.find((i) => i.id === 'windows11');
    expect(win11?.preset).toMatchObject({
      machine: 'q35',
      bios: 'ovmf',
      tpm: true,
      efi_disk: true,
    });
    expect(infos.find((i) => i.id === 'debian')?.preset.ostype).toBe('l26');
  });
});
