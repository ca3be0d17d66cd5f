import { type SimClock, unixTime } from './clock.js';
import { encodeTaskId, formatUpid } from './upid.js';

export interface TaskRecord {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  /** user@realm or user@realm!tokenid, as in the UPID. */
  user: string;
  log: string[];
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  warnings: number;
  abort: AbortController;
  done: Promise<void>;
}

export interface WorkerContext {
  task: TaskRecord;
  log(line: string): void;
  /** log_warn: printed as "WARN: msg" and counted for the "TASK WARNINGS: n" exit status. */
  warn(message: string): void;
  /** Waits simulated milliseconds (scaled by task speed); rejects when the task is stopped. */
  sleep(simMs: number): Promise<void>;
}

export type Worker = (ctx: WorkerContext) => Promise<void>;

export interface StartTaskOptions {
  node: string;
  type: string;
  id: string;
  user: string;
  /** Fault injection: the task fails with this text at its first wait. */
  injectedError?: string;
}

const INTERRUPTED = 'received interrupt';

export class TaskManager {
  readonly tasks = new Map<string, TaskRecord>();
  private nextPid = 0x1a2b3 + Math.floor(Math.random() * 0x1000);

  constructor(
    private readonly clock: SimClock,
    /** Speed factor for a task type (durations are divided by it). */
    private readonly speed: (type: string) => number,
  ) {}

  start(opts: StartTaskOptions, worker: Worker): TaskRecord {
    const pid = this.nextPid++;
    const starttime = unixTime(this.clock);
    // pstart is in clock ticks (100 Hz) since boot; any monotonic value keeps UPIDs unique.
    const pstart = 0x89abcd + (starttime % 0x1000000) * 100;
    const fields = { ...opts, id: encodeTaskId(opts.id), pid, pstart, starttime };
    const task: TaskRecord = {
      ...fields,
      upid: formatUpid(fields),
      log: [],
      status: 'running',
      warnings: 0,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.tasks.set(task.upid, task);
    let injected = opts.injectedError;
    const ctx: WorkerContext = {
      task,
      log: (line) => task.log.push(line),
      warn: (message) => {
        task.warnings++;
        task.log.push(`WARN: ${message}`);
      },
      sleep: async (simMs) => {
        await this.wait(simMs / Math.max(this.speed(task.type), 0.000001), task.abort.signal);
        if (injected !== undefined) {
          const text = injected;
          injected = undefined;
          throw new Error(text);
        }
      },
    };
    task.done = (async () => {
      // Let the HTTP response carrying the UPID go out before the worker starts.
      await new Promise((r) => setImmediate(r));
      try {
        await worker(ctx);
        if (injected !== undefined) throw new Error(injected);
        this.finish(task, task.warnings > 0 ? `WARNINGS: ${task.warnings}` : 'OK');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.finish(task, message.replace(/\n+$/, '').replace(/\n/g, ' ') || 'unknown error');
      }
    })();
    return task;
  }

  /** DELETE /tasks/{upid}: the worker sees an interrupt at its next wait. */
  stop(task: TaskRecord): void {
    task.abort.abort();
  }

  private finish(task: TaskRecord, exitstatus: string): void {
    task.exitstatus = exitstatus;
    task.status = 'stopped';
    task.endtime = unixTime(this.clock);
    if (exitstatus === 'OK') task.log.push('TASK OK');
    else if (exitstatus.startsWith('WARNINGS: ')) task.log.push(`TASK ${exitstatus}`);
    else task.log.push(`TASK ERROR: ${exitstatus}`);
  }

  private wait(realMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Error(INTERRUPTED));
      const timer = setTimeout(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, realMs),
      );
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new Error(INTERRUPTED));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops every running task (reset/close) and waits for them to settle. */
  async drain(): Promise<void> {
    const running = [...this.tasks.values()].filter((t) => t.status === 'running');
    for (const t of running) t.abort.abort();
    await Promise.all(running.map((t) => t.done));
  }
}

export function isTaskError(exitstatus: string | undefined): boolean {
  return exitstatus !== undefined && exitstatus !== 'OK' && !exitstatus.startsWith('WARNINGS: ');
}
