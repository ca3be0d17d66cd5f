import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, type TaskStatus, type TasksApi } from '../../src/index.js';
import { waitForTask } from '../../src/tasks/wait.js';

const UPID = 'UPID:pve1:0001A2B3:0089ABCD:65F1A2B3:qmcreate:100:root@pam:';

function fakeApi(runningPolls: number, exitstatus = 'OK'): TasksApi & { polls: number } {
  const api = {
    polls: 0,
    status(): Promise<TaskStatus> {
      api.polls++;
      const stopped = api.polls > runningPolls;
      return Promise.resolve({
        upid: UPID,
        node: 'pve1',
        pid: 1,
        pstart: 1,
        starttime: 1,
        type: 'qmcreate',
        id: '100',
        user: 'root@pam',
        status: stopped ? 'stopped' : 'running',
        ...(stopped ? { exitstatus } : {}),
      });
    },
    log: () => Promise.resolve({ lines: [], total: 0 }),
    wait: () => Promise.reject(new Error('unused')),
    stop: () => Promise.resolve(),
    list: () => Promise.resolve([]),
  };
  return api;
}

/** A clock that moves only when the wait pauses (every poll answers in no time). */
function fakeTime(): { now: () => number; pause: (ms: number) => Promise<void>; delays: number[] } {
  let t = 1_000_000;
  const delays: number[] = [];
  return {
    now: () => t,
    pause: (ms) => {
      delays.push(ms);
      t += ms;
      return Promise.resolve();
    },
    delays,
  };
}

describe('adaptive task polling', () => {
  it('polls fast at first, then slower, up to the cap', async () => {
    const { now, pause, delays } = fakeTime();
    const api = fakeApi(8);
    const result = await waitForTask(
      api,
      UPID,
      {},
      DEFAULT_TIMEOUTS,
      { initialMs: 250, maxMs: 2_000, factor: 2 },
      pause,
      now,
    );
    expect(result.ok).toBe(true);
    expect(api.polls).toBe(9);
    expect(delays).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000, 2000]);
  });

  it('with a fraction, keeps every gap within that share of the time waited (floor initialMs)', async () => {
    const { now, pause, delays } = fakeTime();
    const api = fakeApi(30);
    await waitForTask(
      api,
      UPID,
      {},
      DEFAULT_TIMEOUTS,
      { initialMs: 100, maxMs: 5_000, factor: 1.5, fraction: 0.1 },
      pause,
      now,
    );
    let waited = 0;
    for (const d of delays) {
      expect(d).toBeLessThanOrEqual(Math.max(100, 0.1 * waited) + 1e-9);
      expect(d).toBeGreaterThanOrEqual(100);
      waited += d;
    }
    // Ten gaps at the floor (1 s waited), then 10 % of the time waited: x1.1 each.
    expect(delays.slice(0, 10)).toEqual(Array(10).fill(100));
    expect(delays[10]).toBeCloseTo(100, 5);
    expect(delays[20]).toBeCloseTo(0.1 * delays.slice(0, 20).reduce((a, b) => a + b, 0), 5);
  });

  it('counts the gap from when the poll was sent: a slow answer shortens the pause', async () => {
    const delays: number[] = [];
    let t = 0;
    const api = fakeApi(3);
    const slow: TasksApi = {
      ...api,
      status: (...a) => {
        t += 40; // the answer takes 40 ms
        return api.status(...a);
      },
    };
    await waitForTask(
      slow,
      UPID,
      {},
      DEFAULT_TIMEOUTS,
      { initialMs: 100, maxMs: 100, factor: 1 },
      (ms) => {
        delays.push(ms);
        t += ms;
        return Promise.resolve();
      },
      () => t,
    );
    expect(delays).toEqual([60, 60, 60]);
  });

  it('reads the log beside each status, and again after the end only if the closing line was missed', async () => {
    const reads: number[] = [];
    for (const closingSeen of [true, false]) {
      const api = fakeApi(2);
      let logReads = 0;
      const tailing: TasksApi = {
        ...api,
        log: () => {
          logReads++;
          // Each read finds one new line; the one beside the final status has the closing line
          // only when `closingSeen`.
          const lines = [{ n: logReads, t: `line ${logReads}` }];
          if (api.polls > 2 && (closingSeen || logReads > 3))
            lines.push({ n: logReads + 1, t: 'TASK OK' });
          return Promise.resolve({ lines, total: lines[lines.length - 1]!.n });
        },
      };
      const got: string[] = [];
      const { now, pause } = fakeTime();
      await waitForTask(
        tailing,
        UPID,
        { onLog: (ls) => got.push(...ls.map((l) => l.t)) },
        DEFAULT_TIMEOUTS,
        { initialMs: 10, maxMs: 10, factor: 1 },
        pause,
        now,
      );
      expect(got[got.length - 1]).toBe('TASK OK');
      reads.push(logReads);
    }
    // Three polls, one log read beside each; a fourth read only when the third missed the end.
    expect(reads).toEqual([3, 4]);
  });

  it('with logEveryMs, reads a running task’s log at that pace, and once more at its end', async () => {
    const api = fakeApi(8); // stopped at the ninth status poll (800 ms), polls 100 ms apart
    const logReadsAt: number[] = [];
    const { now, pause } = fakeTime();
    const start = now();
    const tailing: TasksApi = {
      ...api,
      log: () => {
        logReadsAt.push(now() - start);
        const n = logReadsAt.length;
        // The closing line is there once the task has ended.
        const lines = [{ n, t: api.polls > 8 ? 'TASK OK' : `line ${n}` }];
        return Promise.resolve({ lines, total: n });
      },
    };
    const got: string[] = [];
    await waitForTask(
      tailing,
      UPID,
      { onLog: (ls) => got.push(...ls.map((l) => l.t)) },
      DEFAULT_TIMEOUTS,
      { initialMs: 100, maxMs: 100, factor: 1, logEveryMs: 300 },
      pause,
      now,
    );
    expect(api.polls).toBe(9);
    // Beside the polls at 0, 300 and 600 ms; the final status (800 ms) comes without one, so
    // the log is read once more right after it.
    expect(logReadsAt).toEqual([0, 300, 600, 800]);
    expect(got[got.length - 1]).toBe('TASK OK');
  });

  it('uses the download budget for download tasks and the task budget otherwise', async () => {
    const budgets: number[] = [];
    const timeouts = { ...DEFAULT_TIMEOUTS, taskWaitMs: 60_000, downloadMs: 3_600_000 };
    const download = UPID.replace('qmcreate:100', 'download:virtio-win.iso');
    for (const upid of [UPID, download]) {
      await waitForTask(
        fakeApi(1),
        upid,
        {},
        timeouts,
        { initialMs: 10_000_000, maxMs: 10_000_000, factor: 1 },
        (ms) => {
          budgets.push(ms); // the first sleep is cut to the remaining budget
          return Promise.resolve();
        },
      );
    }
    expect(budgets[0]).toBeLessThanOrEqual(60_000);
    expect(budgets[1]).toBeGreaterThan(60_000);
    expect(budgets[1]).toBeLessThanOrEqual(3_600_000);
  });
});
