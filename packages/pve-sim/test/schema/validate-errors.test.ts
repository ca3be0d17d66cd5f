import { describe, expect, it } from 'vitest';
import {
  matchRoute,
  simulatorApi,
  validateParameters,
  type MethodDefinition,
} from '../../src/schema/index.js';

/** PVE's exact verification texts (pve-common JSONSchema.pm) for create_vm parameters. */
function createDef(): MethodDefinition {
  const m = matchRoute(simulatorApi, 'POST', '/nodes/pve1/qemu');
  if (m.kind !== 'match') throw new Error('POST /nodes/{node}/qemu not defined');
  return m.definition;
}

const def = createDef();
const errorsOf = (
  params: Record<string, unknown>,
  encoding: 'form' | 'json' = 'form',
): Record<string, string> => {
  const res = validateParameters(def, { node: 'pve1', vmid: '100', ...params }, { encoding });
  return res.ok ? {} : res.errors;
};

const table: Array<[string, Record<string, unknown>, string, string]> = [
  [
    'vmid regex before minimum',
    { vmid: '99' },
    'vmid',
    'invalid format - value does not look like a valid VM ID\n',
  ],
  ['vmid type', { vmid: 'abc' }, 'vmid', "type check ('integer') failed - got 'abc'"],
  [
    'vmid above maximum',
    { vmid: '1000000000' },
    'vmid',
    'invalid format - value does not look like a valid VM ID\n',
  ],
  ['form boolean true', { start: 'true' }, 'start', "type check ('boolean') failed - got 'true'"],
  [
    'unknown key',
    { foo: '1' },
    'foo',
    'property is not defined in schema and the schema does not allow additional properties',
  ],
  [
    'index past maximum',
    { ide4: 'none' },
    'ide4',
    'property is not defined in schema and the schema does not allow additional properties',
  ],
  ['minimum', { cores: '0' }, 'cores', 'value must have a minimum value of 1'],
  ['maximum', { cpulimit: '129' }, 'cpulimit', 'value must have a maximum value of 128'],
  [
    'maxLength',
    { description: 'x'.repeat(8193) },
    'description',
    'value may only be 8192 characters long',
  ],
  ['pattern', { vmgenid: 'nope' }, 'vmgenid', 'value does not match the regex pattern'],
  [
    'enum',
    { scsihw: 'virtio' },
    'scsihw',
    "value 'virtio' does not have a value in the enumeration 'lsi, lsi53c810, virtio-scsi-pci, virtio-scsi-single, megasas, pvscsi'",
  ],
  ['requires', { unique: '1' }, 'archive', "missing property required by 'unique'"],
  [
    'dns-name',
    { name: 'my_vm' },
    'name',
    'invalid format - value does not look like a valid DNS name\n',
  ],
  [
    'node',
    { node: 'bad_node' },
    'node',
    'invalid format - value does not look like a valid node name\n',
  ],
  [
    'storage id',
    { storage: 'x' },
    'storage',
    "invalid format - storage ID 'x' cannot be shorter than 2 characters\n",
  ],
  ['tag list', { tags: 'ok;b@d' }, 'tags', 'invalid format - invalid characters in tag\n'],
  ['number type', { cpulimit: '1.5x' }, 'cpulimit', "type check ('number') failed - got '1.5x'"],
  [
    'urlencoded',
    { sshkeys: 'ssh-rsa AAA' },
    'sshkeys',
    'invalid format - invalid urlencoded string: ssh-rsa AAA\n',
  ],
  [
    'property-string key',
    { ide2: 'local:iso/a.iso,media=cdrom,foo=1' },
    'ide2',
    'invalid format - invalid key in comma-separated list property: foo\n',
  ],
  [
    'property-string enum',
    { ide2: 'local:iso/a.iso,media=cd' },
    'ide2',
    "invalid format - format error\nide2.media: value 'cd' does not have a value in the enumeration 'cdrom, disk'\n",
  ],
  [
    'net without model',
    { net0: 'bridge=vmbr0' },
    'net0',
    'invalid format - format error\nnet0.model: property is missing and it is not optional\n',
  ],
  [
    'net bad mac',
    { net0: 'virtio=01:00:00:00:00:00,bridge=vmbr0' },
    'net0',
    'invalid format - format error\nnet0.macaddr: invalid format - value does not look like a valid unicast MAC address\n\n',
  ],
  [
    'drive size without storage',
    { scsi0: '32' },
    'scsi0',
    "invalid format - format error\nscsi0.file: invalid format - unable to parse volume ID '32'\n\n",
  ],
  [
    'boot order device',
    { boot: 'order=scsi0;tpmstate0' },
    'boot',
    "invalid format - format error\nboot.order: invalid format - invalid boot device 'tpmstate0'\n\n",
  ],
  [
    'cpu type',
    { cpu: 'pentium9' },
    'cpu',
    "invalid format - Built-in cputype 'pentium9' is not defined (missing 'custom-' prefix?)\n",
  ],
  [
    'duplicate key',
    { scsi0: 'local-lvm:32,ssd=1,ssd=0' },
    'scsi0',
    'invalid format - duplicate key in comma-separated list property: ssd\n',
  ],
  [
    'property-string boolean',
    { net0: 'virtio,bridge=vmbr0,firewall=maybe' },
    'net0',
    "invalid format - format error\nnet0.firewall: type check ('boolean') failed - got 'maybe'\n",
  ],
];

describe('validateParameters: PVE error texts', () => {
  it.each(table)('%s', (_name, params, key, message) => {
    expect(errorsOf(params)[key]).toBe(message);
  });

  it('reports a missing required parameter', () => {
    const res = validateParameters(def, { node: 'pve1' }, { encoding: 'form' });
    expect(res).toEqual({
      ok: false,
      errors: { vmid: 'property is missing and it is not optional' },
    });
  });

  it('joins several errors for one key with a literal backslash-n', () => {
    const errors = errorsOf({ unique: '1', force: '1' });
    expect(errors.archive).toBe(
      "missing property required by 'unique'\\nmissing property required by 'force'",
    );
  });

  it('accepts JSON booleans and numbers but not in form bodies', () => {
    const res = validateParameters(
      def,
      { node: 'pve1', vmid: 100, start: true, numa: false },
      { encoding: 'json' },
    );
    expect(res).toEqual({ ok: true, params: { node: 'pve1', vmid: 100, start: 1, numa: 0 } });
    expect(errorsOf({ vmid: true }, 'json').vmid).toBe(
      "type check ('integer') failed - got JSON::PP::Boolean",
    );
    expect(errorsOf({ name: ['a'] }, 'json').name).toBe("type check ('string') failed - got ARRAY");
  });

  it('accepts a typical GUI create request and coerces types', () => {
    const res = validateParameters(
      def,
      {
        node: 'pve1',
        vmid: '100',
        name: 'test',
        memory: '2048',
        cores: '2',
        sockets: '1',
        cpu: 'x86-64-v2-AES',
        ostype: 'l26',
        scsihw: 'virtio-scsi-single',
        scsi0: 'local-lvm:32,iothread=on',
        ide2: 'local:iso/debian-12.iso,media=cdrom',
        efidisk0: 'local-lvm:1,efitype=4m,pre-enrolled-keys=1',
        tpmstate0: 'local-lvm:1,version=v2.0',
        net0: 'virtio,bridge=vmbr0,firewall=1',
        boot: 'order=scsi0;ide2;net0',
        agent: 'enabled=1,type=virtio',
        numa: '0',
        start: '0',
        tags: 'lab;win11',
        _dc: '12345',
      },
      { encoding: 'form' },
    );
    expect(res.ok).toBe(true);
    if (res.ok) {
      expect(res.params.vmid).toBe(100);
      expect(res.params.cores).toBe(2);
      expect(res.params.numa).toBe(0);
      expect(res.params.memory).toBe('2048');
      expect(res.params).not.toHaveProperty('_dc');
    }
  });
});
