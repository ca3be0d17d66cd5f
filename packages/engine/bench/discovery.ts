import type { PveClient } from '@labforge/pve-client';
import { benchSeed } from './bench-seed.js';
import { daemonSummary, RTT_MS, startBenchSim, startThreadedBenchSim } from './bench-sim.js';
import { emit, median, ms, percentile, rtt, time } from './rows.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/**
 * Scans before the measured ones: a real Proxmox is a long-running, warmed-up server, and a
 * simulator in a fresh worker thread is not until V8 has compiled its request path.
 */
const WARM_UPS = Number(process.env.BENCH_WARM_UPS ?? 5);

/** The earlier implementation's shape: node by node, storage by storage, one call at a time. */
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

/**
 * ISO discovery at `n` nodes, cold, against the sequential scan, in the same simulator: in a
 * worker thread, or with `inProcess` on the engine's own event loop (what sharing it costs).
 */
export async function discoveryCold(n: number, opts: { inProcess?: boolean } = {}): Promise<void> {
  const b = opts.inProcess
    ? await startBenchSim(benchSeed(n), { taskSpeed: 1000 })
    : await startThreadedBenchSim(benchSeed(n), { taskSpeed: 1000 });
  try {
    const engine = b.engine();
    for (let i = 0; i < WARM_UPS; i++) await engine.listIsos({ refresh: true }); // connections, JIT
    await b.resetMetrics();
    const times: number[] = [];
    let isos = 0;
    // How much of each scan LabForge's own thread spent computing (the rest is waiting).
    const busy: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const elu = performance.eventLoopUtilization();
      const [t, list] = await time(() => engine.listIsos({ refresh: true }));
      busy.push(performance.eventLoopUtilization(elu).active);
      times.push(t);
      isos = list.isos.length;
    }
    const d = daemonSummary(await b.metrics());
    const seqRuns = n >= 30 ? 1 : RUNS;
    const seq: number[] = [];
    for (let i = 0; i < seqRuns; i++) seq.push((await time(() => sequentialScan(b.client)))[0]);
    const t = median(times);
    const s = median(seq);
    emit({
      area: 'ISO discovery',
      figure: `cold, ${n} nodes (${isos} ISOs); median of ${RUNS}${opts.inProcess ? '; simulator in the engine’s process' : ''}`,
      value: `${ms(t)} = ${rtt(t, RTT_MS)}`,
      compared: `sequential scan ${ms(s)} (${seqRuns === 1 ? '1 run' : `median of ${seqRuns}`})`,
      result: `${(s / t).toFixed(1)}x faster; max ${d.maxInFlight} in flight/node, ${d.maxQueued} queued; LabForge's thread busy ${ms(median(busy))}${n === 30 && !opts.inProcess ? ' (target <= 3 RTT, >= 20x)' : ''}`,
    });
  } finally {
    await b.close();
  }
}

/** Cached listings, and 20 callers asking for a refresh at once, at 30 nodes. */
export async function discoveryWarmAndRefresh(n = 30): Promise<void> {
  const b = await startThreadedBenchSim(benchSeed(n), { taskSpeed: 1000 });
  try {
    const cached = b.engine({ isoCacheTtlMs: 600_000 });
    const [cold] = await time(() => cached.listIsos({}));
    const warm: number[] = [];
    for (let i = 0; i < 2000; i++) warm.push((await time(() => cached.listIsos({})))[0]);
    emit({
      area: 'ISO discovery',
      figure: `warm (cached), ${n} nodes, 2000 calls`,
      value: `p50 ${(percentile(warm, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(warm, 99) * 1000).toFixed(1)} µs`,
      compared: `the cold scan that filled it, ${ms(cold)}`,
      result: `${(cold / percentile(warm, 50)).toFixed(0)}x`,
    });

    const engine = b.engine();
    await b.resetMetrics();
    await engine.listIsos({ refresh: true });
    const one = daemonSummary(await b.metrics()).served;
    await b.resetMetrics();
    const [t, lists] = await time(() =>
      Promise.all(Array.from({ length: 20 }, () => engine.listIsos({ refresh: true }))),
    );
    const twenty = daemonSummary(await b.metrics()).served;
    const same = lists.every((l) => l.fetched_at === lists[0]?.fetched_at);
    emit({
      area: 'ISO discovery',
      figure: `refresh by 20 concurrent callers, ${n} nodes`,
      value: `${twenty} content reads, ${ms(t)} = ${rtt(t, RTT_MS)}`,
      compared: `one caller's refresh: ${one} content reads`,
      result: `${(twenty / one).toFixed(1)} sets of reads${same ? ', one shared answer' : ', answers differ'} (target: 1)`,
    });
  } finally {
    await b.close();
  }
}
