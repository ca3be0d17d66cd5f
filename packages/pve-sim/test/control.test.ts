import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classroomSeed, type RunningSimulator, type SimSeed } from '../src/index.js';
import { builder, call, start } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/seed', { json: { seed: 'classroom' } });
});

const addFault = (rule: Record<string, unknown>) =>
  call(sim, 'POST', '/_sim/faults', { json: rule });

describe('/_sim control plane', () => {
  it('health, reset back to the seed, clock', async () => {
    expect((await call(sim, 'GET', '/_sim/health')).body).toMatchObject({ status: 'ok', nodes: 3 });
    await call(sim, 'DELETE', '/nodes/pve2/qemu/101', { auth: builder });
    await call(sim, 'POST', '/_sim/reset');
    expect((await call(sim, 'GET', '/nodes/pve2/qemu/101/config', { auth: builder })).status).toBe(
      200,
    );
    const before = (await call(sim, 'GET', '/_sim/clock')).body.now as number;
    const after = (await call(sim, 'POST', '/_sim/clock', { json: { advance: 3600 } })).body
      .now as number;
    expect(after - before).toBeGreaterThanOrEqual(3600);
  });

  it('loads another seed', async () => {
    const seed: SimSeed = {
      nodes: [{ name: 'solo', maxcpu: 4, mem: 1, maxmem: 8 * 1024 ** 3 }],
      storages: [
        { id: 'local', type: 'dir', content: ['iso', 'images'], total: 10 * 1024 ** 3, used: 0 },
      ],
      users: [{ userid: 'root@pam', password: 'pw' }],
      tokens: [{ tokenid: 'root@pam!ci', secret: 'sekret', privsep: false }],
    };
    expect((await call(sim, 'POST', '/_sim/seed', { json: { seed } })).status).toBe(200);
    const nodes = await call(sim, 'GET', '/nodes', {
      auth: { token: 'root@pam!ci', secret: 'sekret' },
    });
    expect(nodes.body.data.map((n: { node: string }) => n.node)).toEqual(['solo']);
    const bad = await call(sim, 'POST', '/_sim/seed', { json: { seed: { nodes: [] } } });
    expect(bad.status).toBe(400);
  });

  it('journal can be cleared', async () => {
    await call(sim, 'GET', '/version', { auth: builder });
    await call(sim, 'DELETE', '/_sim/requests');
    expect((await call(sim, 'GET', '/_sim/requests')).body).toEqual([]);
    await call(sim, 'POST', '/nodes/pve1/qemu', {
      auth: builder,
      json: { vmid: 123, cores: 2, numa: true },
    });
    const [entry] = (await call(sim, 'GET', '/_sim/requests')).body;
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/nodes/pve1/qemu',
      encoding: 'json',
      params: { vmid: 123, cores: 2, numa: true },
    });
  });
});

describe('/_sim/faults', () => {
  it('answers a chosen status with reason and body, limited by count', async () => {
    await addFault({
      method: 'GET',
      path: '/nodes',
      count: 1,
      effect: { type: 'status', status: 503, reason: 'Service Unavailable', body: { data: null } },
    });
    const first = await call(sim, 'GET', '/nodes', { auth: builder });
    expect(first.status).toBe(503);
    expect(first.reason).toBe('Service Unavailable');
    expect(first.body).toEqual({ data: null });
    expect((await call(sim, 'GET', '/nodes', { auth: builder })).status).toBe(200);
  });

  it('drops the connection', async () => {
    await addFault({ path: '/version', effect: { type: 'drop' } });
    await expect(call(sim, 'GET', '/version', { auth: builder })).rejects.toThrow();
    await call(sim, 'DELETE', '/_sim/faults');
    expect((await call(sim, 'GET', '/version', { auth: builder })).status).toBe(200);
  });

  it('delays matching requests and never fires with probability 0', async () => {
    await addFault({ path: '/cluster/**', effect: { type: 'delay', ms: 30 } });
    await addFault({
      path: '/cluster/**',
      probability: 0,
      effect: { type: 'status', status: 500 },
    });
    expect((await call(sim, 'GET', '/cluster/nextid', { auth: builder })).status).toBe(200);
    const rules = (await call(sim, 'GET', '/_sim/faults')).body;
    expect(rules.map((r: { hits: number }) => r.hits)).toEqual([1, 0]);
  });

  it('takes a node offline and fills a storage', async () => {
    await addFault({ path: '/nodes/pve2/**', count: 1, effect: { type: 'node-offline' } });
    const off = await call(sim, 'GET', '/nodes/pve2/storage', { auth: builder });
    expect(off.status).toBe(595);
    const res = (
      await call(sim, 'GET', '/cluster/resources', { auth: builder, query: { type: 'node' } })
    ).body.data;
    expect(res.find((n: { node: string }) => n.node === 'pve2').status).toBe('offline');
    await addFault({
      path: '/nodes/pve1/storage',
      count: 1,
      effect: { type: 'storage-full', storage: 'local', node: 'pve1' },
    });
    const list = (await call(sim, 'GET', '/nodes/pve1/storage', { auth: builder })).body.data;
    expect(list.find((s: { storage: string }) => s.storage === 'local').avail).toBe(0);
  });
});

describe('offline seed nodes', () => {
  it('shows seeded offline nodes without live stats', async () => {
    const seed = structuredClone(classroomSeed);
    seed.nodes[2] = { ...seed.nodes[2]!, online: false };
    await call(sim, 'POST', '/_sim/seed', { json: { seed } });
    const nodes = (await call(sim, 'GET', '/nodes', { auth: builder })).body.data;
    expect(nodes[2]).toMatchObject({ node: 'pve3', status: 'offline', maxcpu: 8 });
    expect(nodes[2].cpu).toBeUndefined();
  });
});

describe('long delays', () => {
  it('stop waiting when the client gives up, so the server still closes promptly', async () => {
    const other = await start();
    await call(other, 'POST', '/_sim/faults', {
      json: { path: '/version', effect: { type: 'delay', ms: 60_000 } },
    });
    const ac = new AbortController();
    const pending = call(other, 'GET', '/version', { auth: builder, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toThrow();
    await other.close();
    expect((await call(sim, 'GET', '/_sim/health')).status).toBe(200);
  });
});
