import { TicketSigner } from './auth/tickets.js';
import { VncTicketSigner } from './auth/vnc-ticket.js';
import { ConsoleManager } from './console/manager.js';
import { FaultEngine } from './control/faults.js';
import { Journal } from './control/journal.js';
import { type WorkerLimits, WorkerPools, workerLimits } from './http/workers.js';
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
  /** Real ms a vncproxy task waits for its connection (PVE: 10 s, not scaled by taskSpeed). */
  vncTimeoutMs?: number;
  /** The HTTPS certificate (vncproxy's `cert`, PVE's pve-root-ca.pem). */
  certPem?: string;
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
  storageLocks = new StorageLocks();
  /** Simulated ms each vdisk_alloc / vdisk_clone holds a storage's lock (POST /_sim/storages). */
  storageLockHoldMs = new Map<string, number>();
  readonly signer: TicketSigner;
  readonly vncTickets: VncTicketSigner;
  consoles: ConsoleManager;
  vncTimeoutMs: number;
  readonly certPem: string;
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
    this.vncTickets = new VncTicketSigner(this.clock);
    this.vncTimeoutMs = opts.vncTimeoutMs ?? 10000;
    this.certPem = opts.certPem ?? '';
    this.consoles = this.newConsoles();
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
    this.consoles.closeAll();
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
    this.consoles = this.newConsoles();
    this.faults.clear();
  }

  /** Boot sequence timings (firmware, boot prompt) scale like a task type named 'bootprompt'. */
  private newConsoles(): ConsoleManager {
    return new ConsoleManager({
      delay: (simMs) => this.scaled(simMs, 'bootprompt'),
      now: () => this.now(),
    });
  }

  /** Real milliseconds for a simulated duration. */
  scaled(simMs: number, taskType?: string): number {
    const factor = taskType ? (this.taskDurations[taskType] ?? 1) : 1;
    return (simMs * factor) / Math.max(this.taskSpeed, 0.000001);
  }
}
