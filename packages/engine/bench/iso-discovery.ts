/**
 * ISO discovery latency: the engine's plan (2 resource reads, then every content read in
 * parallel with a bound, shared storages read once) against a sequential node-by-node,
 * storage-by-storage scan (the earlier implementation's shape), in the same process, against
 * pve-sim with an injected per-request latency. Run with `pnpm bench` in packages/engine.
 */
import { createPveClient, type PveClient } from '@labforge/pve-client';
import { startSimulator } from '@labforge/pve-sim';
import { request } from 'undici';
import { createBuilderEngine } from '../src/index.js';
import { BENCH_TOKEN, benchSeed } from './bench-seed.js';

const SIZES = [3, 10, 30];
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function sequentialScan(client: PveClient): Promise<number> {
  let count = 0;
  const nodes = await client.request<Array<{ node: string; status: string }>>('GET', '/nodes');
  for (const n of nodes) {
    if (n.status !== 'online') continue;
    const storages = await client.request<Array<{ storage: string }>>(
      'GET',
      `/nodes/${n.node}/storage`,
      { content: 'iso' },
    );
    for (const s of storages) {
      const items = await client.request<unknown[]>(
        'GET',
        `/nodes/${n.node}/storage/${s.storage}/content`,
        { content: 'iso' },
      );
      count += items.length;
    }
  }
  return count;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function benchOne(n: number) {
  const sim = await startSimulator({ seed: benchSeed(n), taskSpeed: 1000 });
  try {
    await request(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/**', effect: { type: 'delay', ms: LATENCY_MS } }),
    }).then((r) => r.body.dump());
    const client = createPveClient({
      endpoints: [sim.url],
      auth: { kind: 'token', tokenId: BENCH_TOKEN.tokenid, secret: BENCH_TOKEN.secret },
    });
    const engine = createBuilderEngine(
      {
        id: 'bench',
        name: 'bench',
        client,
        webUiUrl: sim.url,
        virtio: { url: 'http://127.0.0.1:9/virtio-win.iso' },
        defaults: { bridge: 'vmbr0' },
      },
      { isoCacheTtlMs: 0 },
    );
    await engine.listIsos({ refresh: true }); // warm-up (connections, JIT)
    const heapBefore = process.memoryUsage().heapUsed;
    const engineTimes: number[] = [];
    let isoCount = 0;
    let listingBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const [ms, list] = await time(() => engine.listIsos({ refresh: true }));
      engineTimes.push(ms);
      isoCount = list.isos.length;
      listingBytes = JSON.stringify(list).length;
    }
    const heapAfter = process.memoryUsage().heapUsed;
    const seqTimes: number[] = [];
    let seqItems = 0;
    for (let i = 0; i < RUNS; i++) {
      const [ms, c] = await time(() => sequentialScan(client));
      seqTimes.push(ms);
      seqItems = c;
    }
    const storagesPerNode =
      benchSeed(n).storages.reduce((acc, s) => acc + (s.nodes ? s.nodes.length : n), 0) / n;
    await client.close();
    return {
      nodes: n,
      storagesPerNode: storagesPerNode.toFixed(1),
      isos: isoCount,
      seqItems,
      engineMs: median(engineTimes),
      seqMs: median(seqTimes),
      heapDelta: heapAfter - heapBefore,
      listingBytes,
    };
  } finally {
    await sim.close();
  }
}

async function main() {
  console.log(
    `ISO discovery: injected latency ${LATENCY_MS} ms per request, median of ${RUNS} runs, Node ${process.version}`,
  );
  const rows = [];
  for (const n of SIZES) rows.push(await benchOne(n));
  console.log('');
  console.log(
    'nodes | storages/node | ISOs (unique) | items seq. | engine (parallel, shared once) | sequential scan | ratio | heap delta | listing JSON',
  );
  console.log(
    '----- | ------------- | ------------- | ---------- | ------------------------------ | --------------- | ----- | ---------- | ------------',
  );
  for (const r of rows) {
    console.log(
      [
        String(r.nodes).padStart(5),
        r.storagesPerNode.padStart(13),
        String(r.isos).padStart(13),
        String(r.seqItems).padStart(10),
        `${r.engineMs.toFixed(0)} ms`.padStart(30),
        `${r.seqMs.toFixed(0)} ms`.padStart(15),
        `${(r.seqMs / r.engineMs).toFixed(1)}x`.padStart(5),
        mb(r.heapDelta).padStart(10),
        `${(r.listingBytes / 1024).toFixed(1)} KiB`.padStart(12),
      ].join(' | '),
    );
  }
  const mem = process.memoryUsage();
  console.log('');
  console.log(
    `process: rss ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)} (simulator in the same process)`,
  );
}

await main();
