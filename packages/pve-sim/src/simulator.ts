import { TicketSigner } from './auth/tickets.js';
import { FaultEngine } from './control/faults.js';
import { Journal } from './control/journal.js';
import { type WorkerLimits, WorkerPools, workerLimits } from './http/workers.js';
import type { SimSeed } from './seeds/types.js';
import { type SimClock, unixTime } from './state/clock.js';
import { ClusterState } from './state/cluster.js';
import { VmLocks } from './state/locks.js';
import { TaskManager } from './state/tasks.js';

export interface SimulatorOptions {
  seed: SimSeed;
  clock: SimClock;
  /** Task durations and PVE's 3 s auth-failure delay are divided by this. */
  taskSpeed: number;
  /** Per task type multiplier of durations (e.g. { download: 10 } makes downloads 10x slower). */
  taskDurations?: Record<string, number>;
  /** Shown as ssl_fingerprint in /nodes. */
  fingerprint?: string;
  /** API workers per node and daemon (0 = unbounded, the default). */
  workers?: WorkerLimits;
  /** Real ms a call for another node than the entry node spends on the extra hop (default 0). */
  proxyHopMs?: number;
}

/** Everything the routes, control plane and SSH server share. */
export class Simulator {
  state: ClusterState;
  tasks: TaskManager;
  locks = new VmLocks();
  readonly signer: TicketSigner;
  readonly journal = new Journal();
  readonly faults = new FaultEngine();
  readonly clock: SimClock;
  taskSpeed: number;
  taskDurations: Record<string, number>;
  seed: SimSeed;
  fingerprint: string | undefined;
  readonly workers: WorkerPools;
  proxyHopMs: number;

  constructor(opts: SimulatorOptions) {
    this.clock = opts.clock;
    this.taskSpeed = opts.taskSpeed;
    this.taskDurations = opts.taskDurations ?? {};
    this.seed = opts.seed;
    this.fingerprint = opts.fingerprint;
    this.workers = new WorkerPools(opts.workers ?? workerLimits(undefined));
    this.proxyHopMs = opts.proxyHopMs ?? 0;
    this.signer = new TicketSigner(this.clock);
    this.state = ClusterState.fromSeed(opts.seed, this.clock);
    this.tasks = new TaskManager(
      this.clock,
      (type) => this.taskSpeed / (this.taskDurations[type] ?? 1),
    );
  }

  /** The node clients talk to: the seed's first node (its pveproxy forwards the rest). */
  get entryNode(): string {
    return this.state.nodes.keys().next().value ?? '';
  }

  now(): number {
    return unixTime(this.clock);
  }

  /** Back to a seed: running tasks are interrupted, state and tasks rebuilt; the journal stays. */
  async reset(seed?: SimSeed): Promise<void> {
    await this.tasks.drain();
    if (seed) this.seed = seed;
    this.state = ClusterState.fromSeed(this.seed, this.clock);
    this.tasks = new TaskManager(
      this.clock,
      (type) => this.taskSpeed / (this.taskDurations[type] ?? 1),
    );
    this.locks = new VmLocks();
    this.faults.clear();
  }

  /** Real milliseconds for a simulated duration. */
  scaled(simMs: number, taskType?: string): number {
    const factor = taskType ? (this.taskDurations[taskType] ?? 1) : 1;
    return (simMs * factor) / Math.max(this.taskSpeed, 0.000001);
  }
}
