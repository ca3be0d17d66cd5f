import { PveAbortError, PveNetworkError, PveTaskError, PveTimeoutError } from '../errors.js';
import { sleep } from '../http/sleep.js';
import type { PollOptions, Timeouts } from '../options.js';
import type { TaskLogLine, TaskResult, TaskStatus } from '../types.js';
import { parseUpid } from '../upid.js';
import { interpretExitStatus } from './exit-status.js';
import type { TasksApi, TaskWaitOptions } from './types.js';

const LOG_PAGE = 500;

/** PVE ends every task log with `TASK OK`, `TASK WARNINGS: n` or `TASK ERROR: ...`. */
const END_LINE = /^TASK (OK|WARNINGS: |ERROR: )/;

/**
 * Polls a task until it stops: fast at first (short tasks finish in a second), slower later
 * (long ones poll every few seconds). With `poll.fraction` the gap never exceeds that share of
 * the time waited so far, so the end is seen within about that share of the task's duration.
 * The gap runs from when the previous poll was sent, so the round trip is part of it. When
 * tailing, the log is read beside the status (at most every `poll.logEveryMs`); after the end
 * it is read again only if no read beside the final status saw PVE's closing `TASK ...` line.
 * Transient network errors do not end the wait; the task keeps running on PVE anyway, so only
 * the deadline or the caller's signal do.
 */
export async function waitForTask(
  api: TasksApi,
  upid: string,
  opts: TaskWaitOptions,
  timeouts: Timeouts,
  poll: PollOptions,
  pause: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  clock: () => number = Date.now,
): Promise<TaskResult> {
  const { node, type } = parseUpid(upid);
  const timeoutMs =
    opts.timeoutMs ?? (type === 'download' ? timeouts.downloadMs : timeouts.taskWaitMs);
  const began = clock();
  const deadline = began + timeoutMs;
  const tail = opts.onLog !== undefined || opts.collectLog === true;
  const collected: TaskLogLine[] = [];
  let seen = 0;
  let ended = false;
  let delay = poll.initialMs;
  let logReadAt = -Infinity;
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
      ended = END_LINE.test(fresh[fresh.length - 1]!.t);
      if (opts.collectLog) collected.push(...fresh);
      opts.onLog?.(fresh);
      if (page.lines.length < LOG_PAGE) return;
    }
  };

  for (;;) {
    if (opts.signal?.aborted) return aborted();
    let status: TaskStatus | undefined;
    const sentAt = clock();
    const withLog = tail && sentAt - logReadAt >= (poll.logEveryMs ?? 0);
    if (withLog) logReadAt = sentAt;
    try {
      const [s] = await settledBoth(api.status(node, upid, sig), withLog ? readLog() : undefined);
      status = s;
      opts.onPoll?.(status);
      if (status.status === 'stopped' && tail && !ended) await readLog();
      if (unreachableSince !== undefined) {
        opts.onUnreachable?.({ node, since: unreachableSince, back: true });
        unreachableSince = undefined;
      }
    } catch (err) {
      if (err instanceof PveAbortError || opts.signal?.aborted) return aborted();
      if (!(err instanceof PveNetworkError || err instanceof PveTimeoutError)) throw err;
      status = undefined; // transient: poll again
      if (unreachableSince === undefined) {
        unreachableSince = clock();
        opts.onUnreachable?.({ node, since: unreachableSince, error: err.message });
      } else if (
        opts.unreachableMs !== undefined &&
        clock() - unreachableSince >= opts.unreachableMs
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
    const now = clock();
    if (now >= deadline) {
      throw new PveTimeoutError(`task ${upid} still running after ${timeoutMs} ms`, { timeoutMs });
    }
    const gap =
      poll.fraction === undefined
        ? delay
        : Math.max(poll.initialMs, Math.min(delay, poll.fraction * (now - began)));
    try {
      await pause(Math.max(0, Math.min(sentAt + gap - now, deadline - now)), opts.signal);
    } catch {
      return aborted();
    }
    delay = Math.min(poll.maxMs, delay * poll.factor);
  }
}

/**
 * Both promises settled; the first one's value, or the first rejection. The log read must not
 * be left running (and unobserved) when the status read fails.
 */
async function settledBoth<A>(a: Promise<A>, b: Promise<void> | undefined): Promise<[A]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value];
}
