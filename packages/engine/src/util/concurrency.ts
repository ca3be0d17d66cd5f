/** Small concurrency helpers: bounded parallel maps, a FIFO mutex, per-key limits. */

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A counting semaphore with FIFO hand-over. */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const nextWaiter = this.queue.shift();
      if (nextWaiter) nextWaiter();
      else this.active--;
    }
  }
}

export class Mutex extends Semaphore {
  constructor() {
    super(1);
  }
}

/** One semaphore per key (per node, per storage), created on demand. */
export class KeyedLimiter {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limit: number) {}

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let sem = this.sems.get(key);
    if (!sem) {
      sem = new Semaphore(this.limit);
      this.sems.set(key, sem);
    }
    return sem.run(fn);
  }
}

/** Concurrent callers for the same key share one in-flight promise. */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key);
    if (existing) return existing;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}
