import { setMaxListeners } from 'node:events';
import type { BuildContext, BuildEvent } from '../src/index.js';
import { ms, type Row } from './rows.js';

export type BenchContext = BuildContext & { events: Array<{ at: number; e: BuildEvent }> };

/**
 * A job's context as the API's runner gives it, with every event noted with its time. Every
 * Proxmox wait of the job listens on its signal (a bulk or a class has dozens at once), so it
 * takes as many listeners as the runner's does.
 */
export function benchContext(jobId: string): BenchContext {
  const events: Array<{ at: number; e: BuildEvent }> = [];
  const signal = new AbortController().signal;
  setMaxListeners(1000, signal);
  return {
    jobId,
    user: 'bench',
    signal,
    emit: (e) => events.push({ at: performance.now(), e }),
    events,
  };
}

/** A row's verdict against a target: "within", or how many times the target it took. */
export function againstTarget(value: number, target: number): string {
  return value <= target ? 'within' : `${(value / target).toFixed(1)}x the target`;
}

/** The row for how late a job noticed its task's end (target: 15 % of the task, or 100 ms). */
export function taskEndRow(area: string, what: string, lateMs: number, taskMs: number): Row {
  return {
    area,
    figure: `task end noticed after (${what})`,
    value: ms(lateMs),
    compared: `task duration ${ms(taskMs)}; target max(15% = ${ms(0.15 * taskMs)}, 100 ms)`,
    result: lateMs <= Math.max(0.15 * taskMs, 100) ? 'within' : 'over',
  };
}
