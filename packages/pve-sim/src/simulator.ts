import { TicketSigner } from './auth/tickets.js';
import { FaultEngine } from './control/faults.js';
import { Journal } from './control/journal.js';
import type { SimSeed } from './seeds/types.js';
import { type SimClock, unixTime } from './state/clock.js';
import { ClusterState } from './state/cluster.js';
import { VmLocks } from './state/locks.js';
import { StorageLocks } from './state/storage-locks.js';
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
}

/** Everything the routes, control plane and SSH server share. */
export class Simulator {
  state: ClusterState;
  tasks: TaskManager;
  locks = new VmLocks();
  storageLocks = new StorageLocks();
  /** Simulated ms each vdisk_alloc / vdisk_clone holds a storage's lock (POST /_sim/storages). */
  storageLockHoldMs = new Map<string, number>();
  readonly signer: TicketSigner;
  readonly journal = new Journal();
  readonly faults = new FaultEngine();
  readonly clock: SimClock;
  taskSpeed: number;
  taskDurations: Record<string, number>;
  seed: SimSeed;
  fingerprint: string | undefined;

  constructor(opts: SimulatorOptions) {
    this.clock = opts.clock;
    this.taskSpeed = opts.taskSpeed;
    this.taskDurations = opts.taskDurations ?? {};
    this.seed = opts.seed;
    this.fingerprint = opts.fingerprint;
    this.signer = new TicketSigner(this.clock);
    this.state = ClusterState.fromSeed(opts.seed, this.clock);
    this.tasks = new TaskManager(
      this.clock,
      (type) => this.taskSpeed / (this.taskDurations[type] ?? 1),
    );
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
    this.storageLocks = new StorageLocks();
    this.storageLockHoldMs.clear();
    this.faults.clear();
  }

  /** Real milliseconds for a simulated duration. */
  scaled(simMs: number, taskType?: string): number {
    const factor = taskType ? (this.taskDurations[taskType] ?? 1) : 1;
    return (simMs * factor) / Math.max(this.taskSpeed, 0.000001);
  }
}
