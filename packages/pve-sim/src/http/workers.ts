/**
 * Per-node API worker pools, modelled on PVE's two API daemons (see README "Request handling").
 * pveproxy runs unprotected calls in its own workers; protected calls are forwarded to pvedaemon
 * on the executing node. Both are preforked with `max_workers => 3`, and a worker runs a call's
 * handler synchronously, so at most `workers` calls of one daemon execute on a node at a time.
 */
export type Daemon = 'pveproxy' | 'pvedaemon';

export const DAEMONS: readonly Daemon[] = ['pveproxy', 'pvedaemon'];

/** Workers per daemon and node; 0 = unbounded (the default, see DEVIATIONS). */
export type WorkerLimits = Record<Daemon, number>;

export interface PoolMetrics {
  /** The limit (0 = unbounded). */
  workers: number;
  inFlight: number;
  maxInFlight: number;
  /** Waiting for a worker right now. */
  queued: number;
  maxQueued: number;
  /** Requests that had to wait for a worker at all. */
  queuedTotal: number;
  /** Requests that held a worker and gave it back. */
  served: number;
}

export type Release = () => void;

/** One daemon's workers on one node: FIFO queue in front of `limit` slots. */
class WorkerPool {
  private readonly waiting: Array<() => void> = [];
  private inFlight = 0;
  private maxInFlight = 0;
  private maxQueued = 0;
  private queuedTotal = 0;
  private served = 0;

  constructor(private limit: number) {}

  /** Resolves once a worker is free (undefined when `signal` aborts while queued). */
  acquire(signal?: AbortSignal): Promise<Release | undefined> {
    if (this.hasFreeWorker() && this.waiting.length === 0) return Promise.resolve(this.take());
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.take());
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
      this.queuedTotal++;
      this.maxQueued = Math.max(this.maxQueued, this.waiting.length);
    });
  }

  setLimit(limit: number): void {
    this.limit = limit;
    this.pump();
  }

  metrics(): PoolMetrics {
    return {
      workers: this.limit,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      queued: this.waiting.length,
      maxQueued: this.maxQueued,
      queuedTotal: this.queuedTotal,
      served: this.served,
    };
  }

  /** Counters start again from what is happening now. */
  resetCounters(): void {
    this.maxInFlight = this.inFlight;
    this.maxQueued = this.waiting.length;
    this.queuedTotal = 0;
    this.served = 0;
  }

  private hasFreeWorker(): boolean {
    return this.limit <= 0 || this.inFlight < this.limit;
  }

  private take(): Release {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.served++;
      this.pump();
    };
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.hasFreeWorker()) this.waiting.shift()?.();
  }
}

/** All nodes' pools; created on first use, kept across resets (like the journal). */
export class WorkerPools {
  private readonly pools = new Map<string, Record<Daemon, WorkerPool>>();
  private current: WorkerLimits;

  constructor(limits: WorkerLimits) {
    this.current = { ...limits };
  }

  get limits(): WorkerLimits {
    return { ...this.current };
  }

  setLimits(limits: Partial<WorkerLimits>): void {
    this.current = { ...this.current, ...limits };
    for (const byDaemon of this.pools.values())
      for (const d of DAEMONS) byDaemon[d].setLimit(this.current[d]);
  }

  acquire(node: string, daemon: Daemon, signal?: AbortSignal): Promise<Release | undefined> {
    return this.poolsOf(node)[daemon].acquire(signal);
  }

  /** Metrics of the given nodes (and of any other node that has served requests). */
  metrics(nodes: Iterable<string>): Record<string, Record<Daemon, PoolMetrics>> {
    const out: Record<string, Record<Daemon, PoolMetrics>> = {};
    for (const n of new Set([...nodes, ...this.pools.keys()])) {
      const p = this.poolsOf(n);
      out[n] = { pveproxy: p.pveproxy.metrics(), pvedaemon: p.pvedaemon.metrics() };
    }
    return out;
  }

  resetCounters(): void {
    for (const byDaemon of this.pools.values())
      for (const d of DAEMONS) byDaemon[d].resetCounters();
  }

  private poolsOf(node: string): Record<Daemon, WorkerPool> {
    let p = this.pools.get(node);
    if (!p) {
      p = {
        pveproxy: new WorkerPool(this.current.pveproxy),
        pvedaemon: new WorkerPool(this.current.pvedaemon),
      };
      this.pools.set(node, p);
    }
    return p;
  }
}

/** `workers` as given to buildSimulator or the control plane: one number sets both daemons. */
export function workerLimits(
  input: number | Partial<WorkerLimits> | undefined,
  base: WorkerLimits = { pveproxy: 0, pvedaemon: 0 },
): WorkerLimits {
  if (input === undefined) return { ...base };
  if (typeof input === 'number') return { pveproxy: input, pvedaemon: input };
  return { ...base, ...input };
}

/** Throws unless every limit is a whole number from 0 (unbounded) to 1000. */
export function checkWorkerLimits(limits: WorkerLimits): WorkerLimits {
  for (const d of DAEMONS) {
    const n = limits[d];
    if (!Number.isInteger(n) || n < 0 || n > 1000)
      throw new Error(`workers for ${d} must be a whole number from 0 (unbounded) to 1000`);
  }
  return limits;
}
