import { describe, expect, it } from 'vitest';
import {
  formatSize,
  parsePropertyString,
  printPropertyString,
  PropertyStringError,
  simulatorApi,
} from '../../src/schema/index.js';

const fails = (format: string | object, value: string): string => {
  try {
    parsePropertyString(format, value);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`'${value}' parsed`);
};

describe('parsePropertyString (JSONSchema.pm parse_property_string)', () => {
  it('takes the bare first value as the default key and resolves aliases', () => {
    expect(parsePropertyString('pve-qm-drive', 'volume=local:iso/a.iso,media=cdrom')).toEqual({
      file: 'local:iso/a.iso',
      media: 'cdrom',
    });
    expect(parsePropertyString('pve-qm-boot', 'order=scsi0;ide2;net0')).toEqual({
      order: 'scsi0;ide2;net0',
    });
    expect(parsePropertyString('pve-qm-cpu', 'host,flags=+aes;-pcid')).toEqual({
      cputype: 'host',
      flags: '+aes;-pcid',
    });
  });

  it('stores a NIC model key as model and its value as the MAC (keyAlias)', () => {
    expect(
      parsePropertyString('pve-qm-net', 'e1000=BC:24:11:00:00:01,bridge=vmbr1,tag=20,firewall=on'),
    ).toEqual({
      model: 'e1000',
      macaddr: 'BC:24:11:00:00:01',
      bridge: 'vmbr1',
      tag: '20',
      firewall: '1',
    });
  });

  it('normalizes property-string booleans (on/off/yes/no/true/false)', () => {
    expect(
      parsePropertyString('pve-qm-drive', 'local-lvm:vm-1-disk-0,ssd=yes,backup=off'),
    ).toMatchObject({
      ssd: '1',
      backup: '0',
    });
  });

  it('accepts the inline format of a parameter schema', () => {
    const create = simulatorApi.find((d) => d.method === 'POST' && d.path === '/nodes/{node}/qemu');
    const agent = create?.parameters.properties.agent;
    expect(agent && parsePropertyString(agent, '1,fstrim_cloned_disks=1')).toEqual({
      enabled: '1',
      fstrim_cloned_disks: '1',
    });
  });

  it.each([
    [
      'pve-qm-drive',
      'local:iso/a.iso,foo=1',
      'invalid key in comma-separated list property: foo\n',
    ],
    [
      'pve-qm-drive',
      'local:iso/a.iso,ssd=1,ssd=0',
      'duplicate key in comma-separated list property: ssd\n',
    ],
    [
      'pve-qm-drive',
      'local:iso/a.iso,other.iso',
      'duplicate key in comma-separated list property: file\n',
    ],
    ['pve-qm-drive', 'file=a:b,volume=c:d', "key 'file' is already defined (via alias)\n"],
    ['pve-qm-drive', 'local:iso/a.iso,media=', 'missing key in comma-separated list property\n'],
    [
      'pve-qm-net',
      'virtio=BC:24:11:00:00:01,model=e1000',
      'duplicate key in comma-separated list property: model\n',
    ],
    [
      'pve-qm-net',
      'model=e1000,virtio=BC:24:11:00:00:01',
      "key alias 'model' is already defined\n",
    ],
    ['pve-qm-ipconfig', 'dhcp', 'value without key, but schema does not define a default key\n'],
    ['pve-qm-ipconfig', 'gw=10.0.0.1', "format error\nip: missing property required by 'gw'\n"],
    [
      'pve-qm-net',
      'virtio,bridge=vmbr0,tag=0',
      'format error\ntag: value must have a minimum value of 1\n',
    ],
    [
      'pve-qm-cpu',
      'host,reported-model=kvm64',
      "Property 'reported-model' not allowed in VM-specific CPU config.\n",
    ],
    ['pve-qm-cpu', 'custom-fast', "Custom cputype 'fast' not found\n"],
    [
      'pve-qm-cpu',
      'host,flags=+avx',
      'VM-specific CPU flags must be a subset of: aes, amd-no-ssb, amd-ssbd, hv-evmcs, hv-tlbflush, ibpb, md-clear, nested-virt, pcid, pdpe1gb, spec-ctrl, ssbd, virt-ssbd\n',
    ],
    [
      'pve-qm-cpu',
      'host,phys-bits=99',
      "format error\nphys-bits: invalid format - value must be an integer between 8 and 64 or 'host'\n\n",
    ],
    [
      'pve-qm-agent',
      'type=isa',
      'format error\nenabled: property is missing and it is not optional\n',
    ],
    [
      'pve-qm-memory',
      'current=8',
      'format error\ncurrent: value must have a minimum value of 16\n',
    ],
    ['pve-qm-smbios1', 'uuid=nope', 'format error\nuuid: value does not match the regex pattern\n'],
    ['pve-qm-boot', 'cdnx', 'format error\nlegacy: value does not match the regex pattern\n'],
    [
      'pve-qm-efidisk',
      'local-lvm:1,efitype=8m',
      "format error\nefitype: value '8m' does not have a value in the enumeration '2m, 4m'\n",
    ],
    [
      'pve-qm-drive',
      'local:100/vm-100-disk-0.qcow2,size=12X',
      'format error\nsize: invalid format - value does not look like a valid disk size: 12X\n\n',
    ],
  ])('%s %s fails like PVE', (format, value, message) => {
    expect(fails(format, value)).toBe(message);
  });

  it('throws PropertyStringError for structural problems too', () => {
    expect(() => parsePropertyString('pve-qm-net', 'virtio,speed=1')).toThrow(PropertyStringError);
  });

  it('throws PropertyStringError carrying the per-key errors', () => {
    try {
      parsePropertyString('pve-qm-net', 'virtio,tag=5000,queues=99');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PropertyStringError);
      expect((err as PropertyStringError).errors).toEqual({
        tag: 'value must have a maximum value of 4094',
        queues: 'value must have a maximum value of 64',
      });
    }
  });
});

describe('printPropertyString (print_property_string)', () => {
  it('prints the default key bare, then required keys, then the rest sorted', () => {
    expect(
      printPropertyString('pve-qm-net', {
        firewall: 1,
        bridge: 'vmbr0',
        macaddr: 'BC:24:11:2A:3B:4C',
        model: 'virtio',
      }),
    ).toBe('virtio=BC:24:11:2A:3B:4C,bridge=vmbr0,firewall=1');
    expect(printPropertyString('pve-qm-net', { model: 'e1000', bridge: 'vmbr1' })).toBe(
      'e1000,bridge=vmbr1',
    );
    expect(printPropertyString('pve-qm-ipconfig', { ip: '10.0.0.5/24', gw: '10.0.0.1' })).toBe(
      'gw=10.0.0.1,ip=10.0.0.5/24',
    );
    expect(printPropertyString('pve-qm-boot', { order: 'scsi0;ide2;net0' })).toBe(
      'order=scsi0;ide2;net0',
    );
  });

  it('prints disk sizes with format_size and refuses commas and unknown keys', () => {
    expect(
      printPropertyString('pve-qm-drive', {
        file: 'local:iso/a.iso',
        media: 'cdrom',
        size: 659554304,
      }),
    ).toBe('local:iso/a.iso,media=cdrom,size=629M');
    expect(() => printPropertyString('pve-qm-boot', { order: 'scsi0,ide2' })).toThrow(
      'illegal value with commas for order\n',
    );
    expect(() =>
      printPropertyString('pve-qm-drive', { file: 'local:iso/a.iso', speed: 'fast' }),
    ).toThrow("invalid key 'speed'\n");
  });

  it('formatSize uses the largest exact unit', () => {
    expect(
      [1023, 1024, 540672, 4194304, 34359738368, 1099511627776 * 2, 1536].map(formatSize),
    ).toEqual(['1023', '1K', '528K', '4M', '32G', '2T', '1536']);
  });
});
