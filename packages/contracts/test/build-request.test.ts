import { describe, expect, it } from 'vitest';
import {
  buildRequestSchema,
  bulkBuildRequestSchema,
  expandNamePattern,
  SPEC_EXAMPLE_REQUESTS,
} from '../src/index.js';
import { validationErrorBody } from '../src/validation-error.js';

const specExamples = SPEC_EXAMPLE_REQUESTS;

describe('build request: the specification examples', () => {
  it.each(Object.entries(specExamples))('%s example parses unchanged', (_name, body) => {
    const parsed = buildRequestSchema.parse(body);
    expect(parsed).toMatchObject(body);
  });

  it('fills the defaults a caller may omit', () => {
    const parsed = buildRequestSchema.parse({
      vm_name: 'a',
      iso_file: 'local:iso/a.iso',
    });
    expect(parsed).toMatchObject({
      os_type: 'ubuntu',
      cpu_cores: 2,
      memory_mb: 2048,
      disk_size_gb: 32,
      network_bridge: 'vmbr0',
      convert_to_template: false,
    });
    expect(parsed.storage).toBeUndefined();
  });

  it('accepts every advanced option of the specification', () => {
    const parsed = buildRequestSchema.parse({
      ...specExamples.linux,
      cpu_type: 'host',
      cpu_flags: ['+aes', '-pcid'],
      cpu_limit: 1.5,
      numa: true,
      machine: 'q35',
      vga: 'qxl',
      boot_order: 'dcn',
      scsi_controller: 'virtio-scsi-pci',
      tablet: false,
      agent: true,
      onboot: true,
      node: 'pve2',
      vmid: 4242,
    });
    expect(parsed.cpu_flags).toEqual(['+aes', '-pcid']);
    expect(parsed.vmid).toBe(4242);
  });
});

const base = specExamples.linux;
const invalid: Array<[string, Record<string, unknown>, string, string]> = [
  ['missing iso', { ...base, iso_file: undefined }, 'iso_file', 'Please select an ISO image'],
  ['empty iso', { ...base, iso_file: '' }, 'iso_file', 'Please select an ISO image'],
  ['iso not a volid', { ...base, iso_file: 'ubuntu.iso' }, 'iso_file', 'iso_file must be'],
  [
    'iso smuggling a key',
    { ...base, iso_file: 'local:iso/a.iso,media=disk' },
    'iso_file',
    'iso_file must be',
  ],
  ['iso of wrong content', { ...base, iso_file: 'local:vztmpl/a.iso' }, 'iso_file', 'iso_file'],
  [
    'cores 0',
    { ...base, cpu_cores: 0 },
    'cpu_cores',
    'cpu_cores must be an integer between 1 and 64',
  ],
  ['cores 65', { ...base, cpu_cores: 65 }, 'cpu_cores', 'between 1 and 64'],
  ['cores fraction', { ...base, cpu_cores: 2.5 }, 'cpu_cores', 'between 1 and 64'],
  ['cores string', { ...base, cpu_cores: '4' }, 'cpu_cores', 'between 1 and 64'],
  [
    'memory 256',
    { ...base, memory_mb: 256 },
    'memory_mb',
    'memory_mb must be an integer between 512 and 65536 MB',
  ],
  ['memory 70000', { ...base, memory_mb: 70_000 }, 'memory_mb', 'between 512 and 65536'],
  [
    'disk 4',
    { ...base, disk_size_gb: 4 },
    'disk_size_gb',
    'disk_size_gb must be an integer between 8 and 2048 GB',
  ],
  ['disk 4096', { ...base, disk_size_gb: 4096 }, 'disk_size_gb', 'between 8 and 2048'],
  [
    'name with underscore',
    { ...base, vm_name: 'bad_name' },
    'vm_name',
    'vm_name must be a valid DNS name',
  ],
  ['name leading hyphen', { ...base, vm_name: '-x' }, 'vm_name', 'DNS name'],
  ['name missing', { ...base, vm_name: undefined }, 'vm_name', 'vm_name is required'],
  ['os unknown', { ...base, os_type: 'beos' }, 'os_type', 'os_type must be one of'],
  [
    'bridge smuggling',
    { ...base, network_bridge: 'vmbr0,tag=99' },
    'network_bridge',
    'network_bridge must be',
  ],
  ['storage smuggling', { ...base, storage: 'local-lvm,size=1' }, 'storage', 'storage must be'],
  [
    'bios unknown',
    { ...base, bios_type: 'uefi' },
    'bios_type',
    'bios_type must be one of seabios, ovmf',
  ],
  [
    'cpu flag syntax',
    { ...base, cpu_flags: ['host,+aes'] },
    'cpu_flags.0',
    'cpu_flags entries must be',
  ],
  ['cpu flag unknown', { ...base, cpu_flags: ['+evil'] }, 'cpu_flags.0', 'cpu_flags entries'],
  [
    'cpu flag twice',
    { ...base, cpu_flags: ['+aes', '-pcid', '+aes'] },
    'cpu_flags',
    'cpu_flags lists aes more than once',
  ],
  [
    'cpu flag both ways',
    { ...base, cpu_flags: ['+pcid', '-pcid'] },
    'cpu_flags',
    'cpu_flags lists pcid more than once',
  ],
  ['cpu type smuggling', { ...base, cpu_type: 'host,flags=+aes' }, 'cpu_type', 'cpu_type must be'],
  ['cpu limit', { ...base, cpu_limit: 129 }, 'cpu_limit', 'between 0 and 128'],
  ['boot order repeat', { ...base, boot_order: 'cc' }, 'boot_order', 'boot_order must be'],
  ['boot order device', { ...base, boot_order: 'order=scsi0' }, 'boot_order', 'boot_order'],
  ['machine', { ...base, machine: 'virt' }, 'machine', 'machine must be'],
  ['vga', { ...base, vga: 'vesa' }, 'vga', 'vga must be one of'],
  [
    'scsi',
    { ...base, scsi_controller: 'ahci' },
    'scsi_controller',
    'scsi_controller must be one of',
  ],
  ['tablet', { ...base, tablet: 'yes' }, 'tablet', 'tablet must be true or false'],
  ['template flag', { ...base, convert_to_template: 1 }, 'convert_to_template', 'true or false'],
  ['vmid low', { ...base, vmid: 99 }, 'vmid', 'vmid must be an integer between 100 and 999999999'],
  ['node', { ...base, node: 'pve 1' }, 'node', 'node must be'],
  ['unknown field', { ...base, iso: 'local:iso/a.iso' }, 'body', 'unknown field: iso'],
];

describe('build request: invalid bodies', () => {
  it.each(invalid)('%s', (_name, body, field, message) => {
    const result = buildRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = validationErrorBody(result.error);
    const fields = (error.details as { fields: Record<string, string> }).fields;
    expect(Object.keys(fields)).toContain(field);
    expect(fields[field]).toContain(message);
  });

  it('says exactly "Please select an ISO image" when the ISO is the only problem', () => {
    const result = buildRequestSchema.safeParse({ ...base, iso_file: '' });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(validationErrorBody(result.error).error).toBe('Please select an ISO image');
  });

  it('rejects a body that is not an object', () => {
    expect(buildRequestSchema.safeParse('vm_name=x').success).toBe(false);
    expect(buildRequestSchema.safeParse(null).success).toBe(false);
  });
});

describe('bulk builds', () => {
  it('expands name patterns with padding', () => {
    expect(expandNamePattern('lab-{nn}', 3)).toBe('lab-03');
    expect(expandNamePattern('pc{n}.class', 12)).toBe('pc12.class');
    expect(expandNamePattern('x-{nnn}', 7)).toBe('x-007');
  });

  it('requires a count and a pattern that yields DNS names', () => {
    const { vm_name: _drop, ...rest } = base;
    expect(
      bulkBuildRequestSchema.safeParse({ ...rest, count: 20, name_pattern: 'lab-{nn}' }).success,
    ).toBe(true);
    const bad = bulkBuildRequestSchema.safeParse({ ...rest, count: 51, name_pattern: 'lab_{nn}' });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const fields = (validationErrorBody(bad.error).details as { fields: Record<string, string> })
        .fields;
      expect(fields.count).toContain('between 1 and 50');
      expect(fields.name_pattern).toContain('name_pattern must contain');
    }
  });
});
