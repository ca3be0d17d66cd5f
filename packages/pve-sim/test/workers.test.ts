import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import {
  HangingCalls,
  builder,
  call,
  login,
  start,
  type ApiResponse,
  type CallOptions,
} from './helpers.js';

interface Pool {
  workers: number;
  inFlight: number;
  maxInFlight: number;
  queued: number;
  maxQueued: number;
  queuedTotal: number;
  served: number;
}
type Metrics = {
  pveproxy: number;
  pvedaemon: number;
  proxyHopMs: number;
  entryNode: string;
  nodes: Record<string, { pveproxy: Pool; pvedaemon: Pool }>;
};

const metrics = async (s: RunningSimulator): Promise<Metrics> =>
  (await call(s, 'GET', '/_sim/metrics')).body as Metrics;

const content = (s: RunningSimulator, node: string, opts: CallOptions = {}): Promise<ApiResponse> =>
  call(s, 'GET', `/nodes/${node}/storage/local/content`, {
    auth: builder,
    query: { content: 'iso' },
    ...opts,
  });

/** Polls the metrics until `ok` holds (no fixed sleeps: the machine may be slow). */
async function until(s: RunningSimulator, ok: (m: Metrics) => boolean): Promise<Metrics> {
  for (let i = 0; i < 1000; i++) {
    const m = await metrics(s);
    if (ok(m)) return m;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`metrics never satisfied the condition: ${JSON.stringify(await metrics(s))}`);
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ workers: 3 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
  await call(sim, 'POST', '/_sim/workers', { json: { workers: 3, proxyHopMs: 0 } });
  await call(sim, 'DELETE', '/_sim/metrics');
});

const delay = (path: string, ms: number) =>
  call(sim, 'POST', '/_sim/faults', { json: { path, effect: { type: 'delay', ms } } });

describe('per-node worker pools', () => {
  it('runs 3 protected calls per node at once and queues the rest', async () => {
    await delay('/nodes/pve2/storage/local/content', 60_000);
    const hanging = new HangingCalls();
    for (let i = 0; i < 9; i++) hanging.add(content(sim, 'pve2', hanging.opts));
    const m = await until(sim, (x) => x.nodes.pve2?.pvedaemon.queued === 6);
    expect(m.nodes.pve2?.pvedaemon).toMatchObject({ workers: 3, inFlight: 3, maxInFlight: 3 });
    await hanging.stop();
    // Clients that gave up free their workers and leave the queue.
    const after = await until(sim, (x) => x.nodes.pve2?.pvedaemon.inFlight === 0);
    expect(after.nodes.pve2?.pvedaemon.queued).toBe(0);
  });

  it('answers 9 concurrent protected reads on one node in waves of 3', async () => {
    await delay('/nodes/pve2/storage/local/content', 100);
    const answers = await Promise.all(Array.from({ length: 9 }, () => content(sim, 'pve2')));
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    const m = await metrics(sim);
    expect(m.nodes.pve2?.pvedaemon).toMatchObject({
      workers: 3,
      inFlight: 0,
      maxInFlight: 3,
      queued: 0,
      served: 9,
    });
    // pveproxy forwards protected calls without a worker of its own, on any node.
    expect(m.nodes.pve2?.pveproxy.served).toBe(0);
    expect(m.nodes.pve1?.pvedaemon.served).toBe(0);
    expect(m.nodes.pve1?.pveproxy.served).toBe(0);
  });

  it('does not queue calls for different nodes behind each other', async () => {
    await call(sim, 'POST', '/_sim/workers', { json: { pvedaemon: 1 } });
    await delay('/nodes/*/storage/local/content', 60_000);
    const hanging = new HangingCalls();
    for (const n of ['pve1', 'pve2', 'pve3']) hanging.add(content(sim, n, hanging.opts));
    const m = await until(sim, (x) =>
      ['pve1', 'pve2', 'pve3'].every((n) => x.nodes[n]?.pvedaemon.inFlight === 1),
    );
    for (const n of ['pve1', 'pve2', 'pve3']) expect(m.nodes[n]?.pvedaemon.queued).toBe(0);
    await hanging.stop();
  });

  it('answers unprotected calls on the entry node while its pvedaemon workers are busy', async () => {
    await delay('/nodes/pve1/qemu', 60_000);
    const hanging = new HangingCalls();
    for (let i = 0; i < 4; i++)
      hanging.add(call(sim, 'GET', '/nodes/pve1/qemu', { auth: builder, ...hanging.opts }));
    await until(sim, (m) => m.nodes.pve1?.pvedaemon.queued === 1);
    // Unprotected: run by pveproxy itself (GET /nodes, /cluster/resources, qemu config).
    expect((await call(sim, 'GET', '/nodes', { auth: builder })).status).toBe(200);
    expect((await call(sim, 'GET', '/cluster/resources', { auth: builder })).status).toBe(200);
    expect((await call(sim, 'GET', '/nodes/pve1/qemu/100/config', { auth: builder })).status).toBe(
      200,
    );
    // Another node's pvedaemon is not affected either.
    expect((await content(sim, 'pve2')).status).toBe(200);
    const m = await metrics(sim);
    expect(m.nodes.pve1?.pvedaemon).toMatchObject({ inFlight: 3, queued: 1 });
    expect(m.nodes.pve1?.pveproxy).toMatchObject({ inFlight: 0, served: 3 });
    await hanging.stop();
    await until(sim, (x) => x.nodes.pve1?.pvedaemon.inFlight === 0);
    expect((await call(sim, 'GET', '/nodes/pve1/storage', { auth: builder })).status).toBe(200);
  });

  it('runs each call on the pool PVE would use', async () => {
    const root = await login(sim); // POST /access/ticket: protected, entry node's pvedaemon
    await call(sim, 'GET', '/cluster/status', { auth: root }); // protected, no proxyto
    await call(sim, 'GET', '/nodes/pve2/status', { auth: builder }); // unprotected, proxied
    await call(sim, 'GET', '/nodes/pve3/storage', { auth: builder }); // protected, proxied
    await call(sim, 'GET', '/version', { auth: builder }); // unprotected, entry node
    const m = await metrics(sim);
    expect(m.entryNode).toBe('pve1');
    const served = Object.fromEntries(
      Object.entries(m.nodes).map(([n, p]) => [n, [p.pveproxy.served, p.pvedaemon.served]]),
    );
    expect(served).toEqual({ pve1: [1, 2], pve2: [1, 0], pve3: [0, 1] });
  });

  it('keeps a call for another node on its hop, outside that node’s pool', async () => {
    await call(sim, 'POST', '/_sim/workers', { json: { proxyHopMs: 60_000 } });
    const hanging = new HangingCalls();
    hanging.add(content(sim, 'pve2', hanging.opts));
    // The entry node's own call overtakes it; pve2's pool never saw the far one.
    expect((await content(sim, 'pve1')).status).toBe(200);
    const m = await metrics(sim);
    expect(m.nodes.pve2?.pvedaemon).toMatchObject({ inFlight: 0, queued: 0, served: 0 });
    expect(m.nodes.pve1?.pvedaemon.served).toBe(1);
    await hanging.stop();
  });

  it('changes limits at run time and releases queued calls when they grow', async () => {
    await call(sim, 'POST', '/_sim/workers', { json: { pvedaemon: 1 } });
    expect((await call(sim, 'GET', '/_sim/workers')).body).toEqual({
      pveproxy: 3,
      pvedaemon: 1,
      proxyHopMs: 0,
      entryNode: 'pve1',
    });
    await delay('/nodes/pve3/storage/local/content', 60_000);
    const hanging = new HangingCalls();
    for (let i = 0; i < 3; i++) hanging.add(content(sim, 'pve3', hanging.opts));
    const narrow = await until(sim, (m) => m.nodes.pve3?.pvedaemon.queued === 2);
    expect(narrow.nodes.pve3?.pvedaemon).toMatchObject({ workers: 1, inFlight: 1, queuedTotal: 2 });
    await call(sim, 'POST', '/_sim/workers', { json: { pvedaemon: 0 } });
    const grown = await until(sim, (m) => m.nodes.pve3?.pvedaemon.inFlight === 3);
    expect(grown.nodes.pve3?.pvedaemon).toMatchObject({ workers: 0, queued: 0, maxInFlight: 3 });
    await hanging.stop();
    await call(sim, 'DELETE', '/_sim/metrics');
    expect((await metrics(sim)).nodes.pve3?.pvedaemon).toMatchObject({
      maxInFlight: 0,
      queuedTotal: 0,
      served: 0,
    });
  });

  it('refuses bad settings', async () => {
    for (const body of [{ workers: -1 }, { pvedaemon: 1.5 }, { workers: '3' }, { nope: 1 }]) {
      expect((await call(sim, 'POST', '/_sim/workers', { json: body })).status).toBe(400);
    }
    expect((await call(sim, 'POST', '/_sim/workers', { json: { proxyHopMs: -5 } })).status).toBe(
      400,
    );
    expect((await call(sim, 'GET', '/_sim/workers')).body).toMatchObject({ pvedaemon: 3 });
  });
});

describe('default: unbounded', () => {
  it('lets every call run at once but still counts them', async () => {
    const free = await start();
    try {
      await call(free, 'POST', '/_sim/faults', {
        json: { path: '/nodes/pve2/storage/local/content', effect: { type: 'delay', ms: 60 } },
      });
      await Promise.all(Array.from({ length: 9 }, () => content(free, 'pve2')));
      const m = await metrics(free);
      expect(m).toMatchObject({ pveproxy: 0, pvedaemon: 0, proxyHopMs: 0 });
      expect(m.nodes.pve2?.pvedaemon).toMatchObject({ workers: 0, queuedTotal: 0, served: 9 });
    } finally {
      await free.close();
    }
  });
});
