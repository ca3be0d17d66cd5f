import { describe, expect, it } from 'vitest';
import {
  matchRoute,
  simulatorApi,
  validateParameters,
  type MethodDefinition,
} from '../../src/schema/index.js';
import { CREATE_ERROR_TABLE } from './error-table.js';

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

describe('validateParameters: PVE error texts', () => {
  it.each(CREATE_ERROR_TABLE)('%s', (_name, params, key, message) => {
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
