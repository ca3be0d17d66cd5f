import { describe, expect, it } from 'vitest';
import {
  checkJournal,
  checkRequest,
  checkReturns,
  loadOfficialApi,
} from '../../src/conformance/index.js';
import { simulatorApi, type MethodDefinition } from '../../src/schema/index.js';

/** checkRequest/checkReturns on the hand-written definitions (no apidata.json needed). */
describe('checkRequest', () => {
  it('answers 501 texts for unknown paths and methods', () => {
    expect(
      checkRequest(simulatorApi, {
        method: 'GET',
        path: '/api2/json/nodes/pve1/lxc',
        params: {},
        encoding: 'query',
      }),
    ).toEqual({
      ok: false,
      reason: "Method 'GET /nodes/pve1/lxc' not implemented",
    });
  });

  it('merges path parameters and refuses conflicting duplicates like PVE::HTTPServer', () => {
    const base = { method: 'GET', path: '/nodes/pve1/qemu/100/config', encoding: 'query' } as const;
    expect(checkRequest(simulatorApi, { ...base, params: {} })).toEqual({ ok: true });
    expect(checkRequest(simulatorApi, { ...base, params: { vmid: '100' } })).toEqual({ ok: true });
    expect(checkRequest(simulatorApi, { ...base, params: { vmid: '101', node: 'pve2' } })).toEqual({
      ok: false,
      reason: 'Parameter verification failed.',
      errors: { node: 'duplicate parameter (already defined in URI) with conflicting values!' },
    });
    expect(
      checkRequest(simulatorApi, { ...base, path: '/nodes/pve1/qemu/12/config', params: {} }),
    ).toEqual({
      ok: false,
      reason: 'Parameter verification failed.',
      errors: { vmid: 'invalid format - value does not look like a valid VM ID\n' },
    });
  });

  it('loadOfficialApi gives undefined for a missing file', () => {
    expect(loadOfficialApi('/nonexistent/apidata.json')).toBeUndefined();
  });
});

describe('checkReturns', () => {
  const def: MethodDefinition = {
    method: 'GET',
    path: '/x',
    parameters: { properties: {} },
    returns: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          vmid: { type: 'integer' },
          status: { type: 'string', enum: ['running', 'stopped'] },
          name: { type: 'string', optional: 1 },
          'net[n]': { type: 'string', optional: 1, format: 'pve-qm-net' },
          digest: { type: 'string', optional: 1, format: 'some-unknown-format' },
        },
      },
    },
  };

  it('accepts matching data and ignores formats it does not know', () => {
    expect(
      checkReturns(def, [
        {
          vmid: 100,
          status: 'running',
          digest: 'abc',
          net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
        },
      ]),
    ).toEqual({
      ok: true,
    });
  });

  it('reports missing, mistyped and malformed properties with their paths', () => {
    const res = checkReturns(def, [
      { status: 'paused', name: ['x'], net1: 'bridge=vmbr0' },
      { vmid: 1.5, status: 'stopped' },
    ]);
    expect(res).toEqual({
      ok: false,
      problems: [
        'data[0].vmid: property is missing and it is not optional',
        "data[0].status: value 'paused' does not have a value in the enumeration 'running, stopped'",
        "data[0].name: type check ('string') failed - got ARRAY",
        'data[0].net1: invalid format - format error\ndata[0].net1.model: property is missing and it is not optional\n',
        "data[1].vmid: type check ('integer') failed - got '1.5'",
      ],
    });
  });

  it('accepts null for a null return and passes when no schema is documented', () => {
    const nullDef: MethodDefinition = { ...def, returns: { type: 'null' } };
    expect(checkReturns(nullDef, null)).toEqual({ ok: true });
    expect(checkReturns({ ...def, returns: undefined }, { anything: 1 })).toEqual({ ok: true });
  });
});

describe('checkJournal', () => {
  it('lists the journal entries PVE would refuse', () => {
    const entries = [
      { seq: 1, method: 'GET', path: '/nodes', params: {}, encoding: 'query' as const },
      {
        seq: 2,
        method: 'GET',
        path: '/cluster/nextid',
        params: { vmid: '42' },
        encoding: 'query' as const,
      },
      { seq: 3, method: 'GET', path: '/nodes/pve1/lxc', params: {}, encoding: 'query' as const },
    ];
    expect(checkJournal(simulatorApi, entries)).toEqual([
      {
        entry: entries[1],
        reason: 'Parameter verification failed.',
        errors: { vmid: 'invalid format - value does not look like a valid VM ID\n' },
      },
      { entry: entries[2], reason: "Method 'GET /nodes/pve1/lxc' not implemented" },
    ]);
  });
});

describe('checkReturns booleans', () => {
  it('flags JSON true/false where PVE sends 0/1', () => {
    const def: MethodDefinition = {
      method: 'GET',
      path: '/y',
      parameters: { properties: {} },
      returns: { type: 'object', properties: { template: { type: 'boolean', optional: 1 } } },
    };
    expect(checkReturns(def, { template: 1 })).toEqual({ ok: true });
    expect(checkReturns(def, { template: true })).toEqual({
      ok: false,
      problems: ['data.template: boolean sent as JSON true, PVE sends 1'],
    });
  });
});
