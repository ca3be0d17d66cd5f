import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPveClient } from '../../src/index.js';
import { FAST, deadPort, startSim, tokenAuth, type SimControl } from './harness.js';

/**
 * Two simulators with the same seed stand in for two entry nodes of one cluster: each journal
 * shows which endpoint a request reached.
 */
type Started = Awaited<ReturnType<typeof startSim>>;
let a: Started;
let b: Started;

beforeAll(async () => {
  [a, b] = await Promise.all([startSim(), startSim()]);
});
afterAll(async () => {
  await Promise.all([a.sim.close(), b.sim.close()]);
});
beforeEach(async () => {
  for (const c of [a.control, b.control]) {
    await c.clearRequests();
    await c.clearFaults();
    // Each call takes 40 ms, so reads sent together are in flight together.
    await c.addFault({ path: '/**', effect: { type: 'delay', ms: 40 } });
  }
});

const count = async (c: SimControl, method: string) => (await c.requests({ method })).length;

describe('spreading reads over endpoints', () => {
  it('sends concurrent GETs to the endpoint with the fewest in flight, writes to the preferred one', async () => {
    const client = createPveClient({
      ...FAST,
      auth: tokenAuth,
      endpoints: [a.sim.url, b.sim.url],
      spreadReads: true,
    });
    await Promise.all(Array.from({ length: 10 }, () => client.cluster.version()));
    expect(await count(a.control, 'GET')).toBe(5);
    expect(await count(b.control, 'GET')).toBe(5);
    await Promise.all(Array.from({ length: 3 }, () => client.cluster.nextId()));
    await client.qemu.create('pve1', { vmid: 990, name: 'spread' });
    expect(await count(a.control, 'POST')).toBe(1);
    expect(await count(b.control, 'POST')).toBe(0);
    await client.close();
  });

  it('one read at a time stays on the preferred endpoint', async () => {
    const client = createPveClient({
      ...FAST,
      auth: tokenAuth,
      endpoints: [a.sim.url, b.sim.url],
      spreadReads: true,
    });
    for (let i = 0; i < 4; i++) await client.cluster.version();
    expect(await count(a.control, 'GET')).toBe(4);
    expect(await count(b.control, 'GET')).toBe(0);
    await client.close();
  });

  it('leaves an endpoint that refused a connection out, and every read still succeeds', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const client = createPveClient({
      ...FAST,
      auth: tokenAuth,
      endpoints: [dead, a.sim.url, b.sim.url],
      spreadReads: true,
    });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.cluster.version()));
    expect(answers).toHaveLength(8);
    expect((await count(a.control, 'GET')) + (await count(b.control, 'GET'))).toBe(8);
    await client.close();
  });

  it('without spreadReads every GET goes to the preferred endpoint', async () => {
    const client = createPveClient({ ...FAST, auth: tokenAuth, endpoints: [a.sim.url, b.sim.url] });
    await Promise.all(Array.from({ length: 6 }, () => client.cluster.version()));
    expect(await count(a.control, 'GET')).toBe(6);
    expect(await count(b.control, 'GET')).toBe(0);
    await client.close();
  });
});
