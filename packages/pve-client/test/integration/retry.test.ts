import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveHttpError, PveNetworkError, PveTimeoutError, type PveClient } from '../../src/index.js';
import { clientFor, startSim, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim());
  client = clientFor(sim, { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await control.clearRequests();
});
afterEach(async () => {
  await control.clearFaults();
});

const status = (s: number, reason = 'Simulated fault') => ({ type: 'status', status: s, reason });

describe('retries of reads', () => {
  it.each([503, 595, 596])('retries a GET answered %i until it succeeds', async (code) => {
    await control.addFault({ method: 'GET', path: '/nodes', count: 2, effect: status(code) });
    await expect(client.nodes.list()).resolves.toHaveLength(3);
    const seen = await control.requests({ path: '/nodes' });
    expect(seen.map((e) => e.status)).toEqual([code, code, 200]);
  });

  it('retries a GET whose connection was dropped', async () => {
    await control.addFault({
      method: 'GET',
      path: '/cluster/resources',
      count: 1,
      effect: { type: 'drop' },
    });
    await expect(client.cluster.resources('node')).resolves.toHaveLength(3);
    expect((await control.requests({ path: '/cluster/resources' })).length).toBe(2);
  });

  it('gives up after the configured attempts with a typed error', async () => {
    await control.addFault({
      method: 'GET',
      path: '/nodes',
      count: 10,
      effect: status(595, 'No route to host'),
    });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveNetworkError);
    expect(err).toMatchObject({ status: 595, reason: 'No route to host' });
    expect(await control.requests({ path: '/nodes' })).toHaveLength(4);
  });

  it('does not retry a GET answered 500 (a PVE handler error is deterministic)', async () => {
    await control.addFault({
      method: 'GET',
      path: '/nodes',
      count: 5,
      effect: status(500, "storage 'x' does not exist"),
    });
    const err = await client.nodes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveHttpError);
    expect(err).toMatchObject({ status: 500, reason: "storage 'x' does not exist" });
    expect(await control.requests({ path: '/nodes' })).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('times out a slow read and succeeds on the retry', async () => {
    const c = clientFor(sim, { timeouts: { readMs: 1_000 } });
    await control.addFault({
      method: 'GET',
      path: '/nodes',
      count: 1,
      effect: { type: 'delay', ms: 4_000 },
    });
    await expect(c.nodes.list()).resolves.toHaveLength(3);
    await c.close();
  });

  it('never resends a create that timed out (PVE may still be working on it)', async () => {
    const c = clientFor(sim, { timeouts: { writeMs: 150 } });
    await control.addFault({
      method: 'POST',
      path: '/nodes/pve1/qemu',
      count: 5,
      effect: { type: 'delay', ms: 1_000 },
    });
    const err = await c.qemu.create('pve1', { vmid: 991, name: 'slow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTimeoutError);
    // The rule counts arrivals immediately (the journal only records after the delay): a
    // resend would have arrived before the client gave up.
    const [rule] = await control.faults();
    expect(rule).toMatchObject({ path: '/nodes/pve1/qemu', hits: 1 });
    await c.close();
  });
});

describe('no automatic retry of writes', () => {
  const create = { vmid: 990, name: 'retry-test', memory: 512 };

  it.each([500, 503, 595, 596])(
    'sends a create POST exactly once when PVE answers %i',
    async (code) => {
      await control.addFault({
        method: 'POST',
        path: '/nodes/pve1/qemu',
        count: 5,
        effect: status(code),
      });
      const err = await client.qemu.create('pve1', create).catch((e: unknown) => e);
      expect((err as { status?: number }).status).toBe(code);
      expect(await control.requests({ method: 'POST', path: '/nodes/pve1/qemu' })).toHaveLength(1);
    },
  );

  it('sends a create POST exactly once when the connection drops after sending', async () => {
    await control.addFault({
      method: 'POST',
      path: '/nodes/pve1/qemu',
      count: 5,
      effect: { type: 'drop' },
    });
    const err = await client.qemu.create('pve1', create).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveNetworkError);
    expect((err as PveNetworkError).connectPhase).toBe(false);
    expect(await control.requests({ method: 'POST', path: '/nodes/pve1/qemu' })).toHaveLength(1);
  });
});
