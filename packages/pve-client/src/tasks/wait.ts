import { PveAbortError, PveNetworkError, PveTaskError, PveTimeoutError } from '../errors.js';
import { sleep } from '../http/sleep.js';
import type { PollOptions, Timeouts } from '../options.js';
import type { TaskLogLine, TaskResult, TaskStatus } from '../types.js';
import { parseUpid } from '../upid.js';
import { interpretExitStatus } from './exit-status.js';
import type { TasksApi, TaskWaitOptions } from './types.js';

const LOG_PAGE = 500;

/**
 * Polls a task until it stops: fast at first (short tasks finish in a second), slower later
 * (long ones poll every few seconds). Transient network errors do not end the wait; the
 * task keeps running on PVE anyway, so only the deadline or the caller's signal do.
 */
export async function waitForTask(
  api: TasksApi,
  upid: string,
  opts: TaskWaitOptions,
  timeouts: Timeouts,
  poll: PollOptions,
  pause: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
): Promise<TaskResult> {
  const { node, type } = parseUpid(upid);
  const timeoutMs =
    opts.timeoutMs ?? (type === 'download' ? timeouts.downloadMs : timeouts.taskWaitMs);
  const deadline = Date.now() + timeoutMs;
  const tail = opts.onLog !== undefined || opts.collectLog === true;
  const collected: TaskLogLine[] = [];
  let seen = 0;
  let delay = poll.initialMs;
  let unreachableSince: number | undefined;
  const sig = opts.signal ? { signal: opts.signal } : {};

  const aborted = async (): Promise<never> => {
    if (opts.stopOnAbort) {
      // Best effort, without the aborted signal; the caller asked for the task to die.
      await api.stop(node, upid).catch(() => undefined);
    }
    throw new PveAbortError(
      `stopped waiting for task ${upid}${opts.stopOnAbort ? ' (task stopped)' : ''}`,
    );
  };

  const readLog = async (): Promise<void> => {
    for (;;) {
      const page = await api.log(node, upid, seen, LOG_PAGE, sig);
      // An empty log is reported as a single "no content" line with total 0.
      const fresh = page.total === 0 ? [] : page.lines.filter((l) => l.n > seen);
      if (fresh.length === 0) return;
      seen = fresh[fresh.length - 1]!.n;
      if (opts.collectLog) collected.push(...fresh);
      opts.onLog?.(fresh);
      if (page.lines.length < LOG_PAGE) return;
    }
  };

  for (;;) {
    if (opts.signal?.aborted) return aborted();
    let status: TaskStatus | undefined;
    try {
      status = await api.status(node, upid, sig);
      opts.onPoll?.(status);
      if (tail) await readLog();
      if (unreachableSince !== undefined) {
        opts.onUnreachable?.({ node, since: unreachableSince, back: true });
        unreachableSince = undefined;
      }
    } catch (err) {
      if (err instanceof PveAbortError || opts.signal?.aborted) return aborted();
      if (!(err instanceof PveNetworkError || err instanceof PveTimeoutError)) throw err;
      status = undefined; // transient: poll again
      if (unreachableSince === undefined) {
        unreachableSince = Date.now();
        opts.onUnreachable?.({ node, since: unreachableSince, error: err.message });
      } else if (
        opts.unreachableMs !== undefined &&
        Date.now() - unreachableSince >= opts.unreachableMs
      ) {
        const since = new Date(unreachableSince).toISOString();
        throw new PveTimeoutError(
          `node ${node} has been unreachable since ${since}; stopped waiting for task ${upid}, which may still be running there`,
          { timeoutMs: opts.unreachableMs },
        );
      }
    }
    if (status?.status === 'stopped') {
      const verdict = interpretExitStatus(status.exitstatus);
      const log = opts.collectLog ? { log: collected } : {};
      if (verdict.ok) {
        return {
          upid,
          node,
          type,
          exitstatus: status.exitstatus ?? 'OK',
          ok: true,
          warnings: verdict.warnings,
          ...log,
        };
      }
      if (opts.throwOnError === false) {
        return { upid, node, type, exitstatus: verdict.message, ok: false, warnings: 0, ...log };
      }
      throw new PveTaskError({ upid, node, type, exitstatus: verdict.message });
    }
    if (Date.now() >= deadline) {
      throw new PveTimeoutError(`task ${upid} still running after ${timeoutMs} ms`, { timeoutMs });
    }
    try {
      await pause(Math.min(delay, Math.max(0, deadline - Date.now())), opts.signal);
    } catch {
      return aborted();
    }
    delay = Math.min(poll.maxMs, delay * poll.factor);
  }
}
