import { createPveClient, type PveClient } from '@labforge/pve-client';
import { startSimulator, type RunningSimulator, type SimSeed } from '@labforge/pve-sim';
import { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { createBuilderEngine, type BuilderEngine, type EngineDeps } from '../src/index.js';
import { BENCH_TOKEN } from './bench-seed.js';

/** The per-request handling time injected on every call: the bench's round-trip unit. */
export const RTT_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
/** What the entry node's pveproxy adds when it forwards a call to another node. */
export const HOP_MS = Number(process.env.BENCH_HOP_MS ?? 2);

export interface PoolMetrics {
  workers: number;
  maxInFlight: number;
  maxQueued: number;
  queuedTotal: number;
  served: number;
}
export interface Metrics {
  nodes: Record<string, { pveproxy: PoolMetrics; pvedaemon: PoolMetrics }>;
}

export interface BenchSim {
  sim: RunningSimulator;
  client: PveClient;
  engine(deps?: EngineDeps): BuilderEngine;
  metrics(): Promise<Metrics>;
  resetMetrics(): Promise<void>;
  /** Real start/end (performance.now) of every task the simulator ran, by UPID. */
  tasks: Map<string, { type: string; start: number; end?: number }>;
  close(): Promise<void>;
}

async function control(url: string, method: string, path: string, body?: unknown) {
  const res = await request(`${url}${path}`, {
    method: method as 'GET',
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * A simulator that queues like PVE (3 pveproxy and 3 pvedaemon workers per node, each call
 * holding its worker for RTT_MS, HOP_MS per forwarded call) and an engine on it.
 */
export async function startBenchSim(
  seed: SimSeed,
  opts: { taskSpeed?: number; taskDurations?: Record<string, number> } = {},
): Promise<BenchSim> {
  const sim = await startSimulator({
    seed,
    taskSpeed: opts.taskSpeed ?? 1,
    ...(opts.taskDurations ? { taskDurations: opts.taskDurations } : {}),
    workers: 3,
    proxyHopMs: HOP_MS,
  });
  await injectLatency(sim.url);
  const tasks: BenchSim['tasks'] = new Map();
  // Bench only: note when each task really starts and ends, to compare with what LabForge saw.
  const manager = sim.sim.tasks;
  const start = manager.start.bind(manager);
  manager.start = (o, worker) => {
    const t0 = performance.now();
    const task = start(o, worker);
    const entry: { type: string; start: number; end?: number } = { type: o.type, start: t0 };
    tasks.set(task.upid, entry);
    void task.done.then(() => (entry.end = performance.now()));
    return task;
  };
  const side = benchSide(sim.url);
  return {
    ...side,
    sim,
    tasks,
    close: async () => {
      await side.client.close();
      await sim.close();
    },
  };
}

/** Every call holds its worker for RTT_MS: the bench's round trip. */
async function injectLatency(url: string): Promise<void> {
  await control(url, 'POST', '/_sim/faults', {
    path: '/**',
    effect: { type: 'delay', ms: RTT_MS },
  });
}

/** LabForge's side of a bench: one client of the simulator at `url`, engines on it, controls. */
function benchSide(url: string): Omit<BenchSim, 'sim' | 'tasks' | 'close'> {
  const client = createPveClient({
    endpoints: [url],
    auth: { kind: 'token', tokenId: BENCH_TOKEN.tokenid, secret: BENCH_TOKEN.secret },
  });
  return {
    client,
    engine: (deps = {}) =>
      createBuilderEngine(
        {
          id: 'bench',
          name: 'bench',
          client,
          webUiUrl: url,
          virtio: { url: 'http://127.0.0.1:9/virtio-win.iso' },
          defaults: { bridge: 'vmbr0', storage: 'local-lvm' },
        },
        { isoCacheTtlMs: 0, ...deps },
      ),
    metrics: async () => (await control(url, 'GET', '/_sim/metrics')) as Metrics,
    resetMetrics: async () => void (await control(url, 'DELETE', '/_sim/metrics')),
  };
}

export type ThreadedBenchSim = Omit<BenchSim, 'sim' | 'tasks'>;

/**
 * The same simulator and controls, run in a worker thread (bench/sim-thread.ts): the simulator's
 * request handling no longer shares the engine's event loop, as a real Proxmox runs on its own
 * machines. Used where the figure is the engine's wall time (ISO discovery).
 */
export async function startThreadedBenchSim(
  seed: SimSeed,
  opts: { taskSpeed?: number } = {},
): Promise<ThreadedBenchSim> {
  // A worker thread does not inherit tsx's loader: it registers it, then loads the TypeScript.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sim-thread.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { seed, taskSpeed: opts.taskSpeed ?? 1, hopMs: HOP_MS },
  });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  await injectLatency(url);
  const side = benchSide(url);
  return {
    ...side,
    close: async () => {
      await side.client.close();
      const closed = new Promise((r) => worker.once('message', r));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

/** Highest in flight and queued calls on any node's pvedaemon, and content reads served. */
export function daemonSummary(m: Metrics): {
  maxInFlight: number;
  maxQueued: number;
  served: number;
} {
  const pools = Object.values(m.nodes).map((n) => n.pvedaemon);
  return {
    maxInFlight: Math.max(0, ...pools.map((p) => p.maxInFlight)),
    maxQueued: Math.max(0, ...pools.map((p) => p.maxQueued)),
    served: pools.reduce((s, p) => s + p.served, 0),
  };
}
