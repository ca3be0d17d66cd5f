import { Semaphore } from './concurrency.js';

/**
 * Bounds LabForge's Proxmox reads per node, with a generous global cap as a safety net.
 *
 * Why per node: every node runs pveproxy and pvedaemon with 3 workers each (pve-manager's
 * `max_workers => 3`), and each worker executes one API call at a time. A storage content
 * listing is a protected call that runs in pvedaemon on the node it names, so a fourth read
 * on one node only waits there, behind our own reads and in front of a teacher's build. A
 * global bound, on the other hand, makes a large cluster wait for nothing: 30 nodes can answer
 * 90 reads at once.
 */
export interface NodeReadLimits {
  /** Reads in flight per node (default 3: PVE's worker count per daemon). */
  perNode?: number;
  /** Reads in flight over the whole cluster (default 64). */
  total?: number;
}

export const DEFAULT_READS_PER_NODE = 3;
export const DEFAULT_READS_TOTAL = 64;

export class NodeReadLimiter {
  readonly perNode: number;
  readonly total: number;
  private readonly nodes = new Map<string, Semaphore>();
  private readonly global: Semaphore;
  /** Reads asked for per node that have not finished yet (running or waiting). */
  private readonly pending = new Map<string, number>();

  constructor(limits: NodeReadLimits = {}) {
    this.perNode = checkLimit('reads per node', limits.perNode ?? DEFAULT_READS_PER_NODE);
    this.total = checkLimit('reads in total', limits.total ?? DEFAULT_READS_TOTAL);
    this.global = new Semaphore(this.total);
  }

  /**
   * Runs one read of `node`. The node's slot is taken first, then a global one, so a read that
   * waits for a busy node never holds a global slot another node could use.
   */
  async run<T>(node: string, fn: () => Promise<T>): Promise<T> {
    this.pending.set(node, (this.pending.get(node) ?? 0) + 1);
    try {
      return await this.semFor(node).run(() => this.global.run(fn));
    } finally {
      const left = (this.pending.get(node) ?? 1) - 1;
      if (left > 0) this.pending.set(node, left);
      else this.pending.delete(node);
    }
  }

  /** Reads of `node` not finished yet: how busy LabForge keeps that node right now. */
  load(node: string): number {
    return this.pending.get(node) ?? 0;
  }

  /** `nodes` ordered least busy first (stable for equal load), for reads any of them can answer. */
  leastBusy(nodes: readonly string[]): string[] {
    return nodes
      .map((node, i) => ({ node, i, load: this.load(node) }))
      .sort((a, b) => a.load - b.load || a.i - b.i)
      .map((x) => x.node);
  }

  private semFor(node: string): Semaphore {
    let sem = this.nodes.get(node);
    if (!sem) this.nodes.set(node, (sem = new Semaphore(this.perNode)));
    return sem;
  }
}

function checkLimit(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new RangeError(`${what} must be an integer from 1 to 1000, got ${n}`);
  }
  return n;
}
