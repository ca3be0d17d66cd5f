import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveHttpError, PveNetworkError, type PveClient } from '../../src/index.js';
import { clientFor, startSim, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim());
  client = clientFor(sim, { retry: { attempts: 1 } });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe('PVE errors through the typed hierarchy', () => {
  it('carries status, reason, the errors map, method and path of a 400', async () => {
    const err = await client.cluster.nextId(5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveHttpError);
    expect(err).toMatchObject({
      status: 400,
      reason: 'Parameter verification failed.',
      method: 'GET',
      path: '/cluster/nextid',
      errors: { vmid: expect.stringContaining('invalid format') as unknown },
    });
    expect((err as Error).message).toContain('vmid: invalid format');
  });

  it('maps a 501 for an unknown path', async () => {
    const err = await client.request('GET', '/nodes/pve1/nonexistent').catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 501,
      reason: "Method 'GET /nodes/pve1/nonexistent' not implemented",
    });
  });

  it('maps a 500 with PVE text for an unknown node', async () => {
    const err = await client.storage.list('nope').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500 });
    expect((err as PveHttpError).reason).toMatch(/^hostname lookup 'nope' failed/);
  });

  it('maps an offline node to PveNetworkError 595', async () => {
    const res = await fetch(`${sim.url}/_sim/nodes/pve3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ online: false }),
    });
    expect(res.ok).toBe(true);
    try {
      const err = await client.storage.list('pve3').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PveNetworkError);
      expect(err).toMatchObject({ status: 595, reason: 'No route to host' });
    } finally {
      await control.reset();
    }
  });
});
