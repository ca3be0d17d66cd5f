import { describe, expect, it } from 'vitest';
import {
  validateParameters,
  type MethodDefinition,
  type ParamSchema,
} from '../../src/schema/index.js';

/** Named formats checked through a one-parameter definition, as PVE reports them. */
const errorFor = (schema: ParamSchema, value: unknown): string | undefined => {
  const def: MethodDefinition = {
    method: 'GET',
    path: '/x',
    parameters: { properties: { p: schema } },
  };
  const res = validateParameters(def, { p: value }, { encoding: 'form' });
  return res.ok ? undefined : res.errors.p;
};
const fmt = (format: string): ParamSchema => ({ type: 'string', format });

describe('named formats', () => {
  it.each([
    ['pve-vmid', '100', undefined],
    ['pve-vmid', '0100', 'invalid format - value does not look like a valid VM ID\n'],
    ['pve-node', 'pve-1', undefined],
    ['pve-node', '-pve', 'invalid format - value does not look like a valid node name\n'],
    ['pve-storage-id', 'local-lvm', undefined],
    [
      'pve-storage-id',
      'local lvm',
      "invalid format - storage ID 'local lvm' contains illegal characters\n",
    ],
    ['dns-name', 'web-01.lab.example', undefined],
    ['dns-name', 'web_01', 'invalid format - value does not look like a valid DNS name\n'],
    ['pve-volume-id', 'local:iso/a.iso', undefined],
    [
      'pve-volume-id',
      '/var/lib/vz/a.iso',
      "invalid format - unable to parse volume ID '/var/lib/vz/a.iso'\n",
    ],
    ['pve-volume-id-or-qm-path', 'cdrom', undefined],
    ['pve-volume-id-or-qm-path', '/dev/sdb', undefined],
    ['pve-configid', 'ide2', undefined],
    ['pve-configid-list', 'ide2,net0;scsi1 sata0', undefined],
    ['pve-configid-list', 'ide2,9p', "invalid format - invalid configuration ID '9p'\n"],
    ['pve-tag-list', 'lab;win-11,prod', undefined],
    ['mac-addr', 'BC:24:11:00:00:01', undefined],
    [
      'mac-addr',
      'BD:24:11:00:00:01',
      'invalid format - value does not look like a valid unicast MAC address\n',
    ],
    ['pve-qm-bootdisk', 'scsi0', undefined],
    ['pve-qm-bootdisk', 'net0', "invalid format - invalid boot disk 'net0'\n"],
    ['urlencoded', 'ssh-ed25519%20AAAA', undefined],
    ['email', 'teacher@school.example', undefined],
    ['email', 'teacher@', 'invalid format - value does not look like a valid email address\n'],
    ['pve-userid', 'labforge@pve', undefined],
    ['pve-userid', 'ab', "invalid format - user name 'ab' is too short\n"],
    [
      'pve-userid',
      'labforge',
      "invalid format - value 'labforge' does not look like a valid user name\n",
    ],
    ['pve-tokenid', 'labforge@pve!builder', undefined],
    [
      'pve-tokenid',
      'labforge@pve',
      "invalid format - value 'labforge@pve' does not look like a valid token ID\n",
    ],
    ['pve-priv-list', 'VM.Audit,Datastore.AllocateSpace', undefined],
    ['pve-priv-list', 'VM.Audit,VM.Fly', "invalid format - invalid privilege 'VM.Fly'\n"],
    ['pve-startup-order', 'order=1,up=30', undefined],
    ['pve-startup-order', 'first', 'invalid format - unable to parse startup options\n'],
    ['pve-storage-content-list', 'iso,vztmpl', undefined],
    ['pve-storage-content', 'isos', "invalid format - invalid content type 'isos'\n"],
    ['pve-task-status-type-list', 'ok,warning', undefined],
    ['pve-hotplug-features', 'disk,network,usb', undefined],
    ['pve-hotplug-features', 'disk,gpu', "invalid format - invalid hotplug feature 'gpu'\n"],
    ['address-list', '10.0.0.1 1.1.1.1', undefined],
    ['ipv6', 'fe80::1%vmbr0', 'invalid format - value does not look like a valid IPv6 address\n'],
    ['ipv4', '010.0.0.1', 'invalid format - value does not look like a valid IPv4 address\n'],
    ['storage-pair-list', 'local:local-lvm,1', undefined],
    [
      'storage-pair-list',
      'local:x',
      "invalid format - entry 'local:x' contains invalid ID - storage ID 'x' cannot be shorter than 2 characters\n\n\n",
    ],
    ['pve-vlan-id-or-range', '10-20', undefined],
    [
      'pve-vlan-id-or-range',
      '20-10',
      "invalid format - VLAN range must go from lower to higher tag '20-10'\n",
    ],
    ['ipv4mask', '255.255.255.0', undefined],
    ['ipv4mask', '255.0.255.0', 'invalid format - value does not look like a valid IP netmask\n'],
    ['CIDR', '10.0.0.0/4', 'invalid format - value does not look like a valid CIDR network\n'],
    ['pve-unheard-of', 'x', "invalid format - undefined format 'pve-unheard-of'\n"],
  ])('%s %j', (format, value, message) => {
    expect(errorFor(fmt(format), value)).toBe(message);
  });

  it('checks format before pattern, pattern before length, length before range, range before enum', () => {
    const s: ParamSchema = { type: 'string', format: 'pve-configid', pattern: 'a.*', maxLength: 3 };
    expect(errorFor(s, '9x')).toBe("invalid format - invalid configuration ID '9x'\n");
    expect(errorFor(s, 'bcd')).toBe('value does not match the regex pattern');
    expect(errorFor(s, 'abcd')).toBe('value may only be 3 characters long');
    const n: ParamSchema = { type: 'integer', minimum: 2, enum: ['1', '2', '5'] };
    expect(errorFor(n, '1')).toBe('value must have a minimum value of 2');
    expect(errorFor(n, '3')).toBe("value '3' does not have a value in the enumeration '1, 2, 5'");
  });

  it('matches patterns like Perl: unanchored alternation, {,n}, trailing newline', () => {
    const parallel: ParamSchema = { type: 'string', pattern: '/dev/parport\\d+|/dev/usb/lp\\d+' };
    expect(errorFor(parallel, '/dev/parport0-and-more')).toBeUndefined();
    const product: ParamSchema = { type: 'string', pattern: '[A-Za-z0-9\\-_\\s]{,16}' };
    expect(errorFor(product, 'Q'.repeat(17))).toBe('value does not match the regex pattern');
    const wwn: ParamSchema = { type: 'string', pattern: '(?^:^(0x)[0-9a-fA-F]{16})' };
    expect(errorFor(wwn, '0x5000c500a1b2c3d4')).toBeUndefined();
    expect(errorFor({ type: 'string', pattern: 'vmbr\\d+' }, 'vmbr0\n')).toBeUndefined();
  });

  it('treats an empty form value as absent (pve-http-server decode_urlencoded)', () => {
    expect(errorFor({ type: 'string', format: 'dns-name' }, '')).toBe(
      'property is missing and it is not optional',
    );
  });
});
