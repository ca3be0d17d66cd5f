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

describe('adaptive task polling', () => {
  it('polls fast at first, then slower, up to the cap', async () => {
    const delays: number[] = [];
    const api = fakeApi(8);
    const result = await waitForTask(
      api,
      UPID,
      {},
      DEFAULT_TIMEOUTS,
      { initialMs: 250, maxMs: 2_000, factor: 2 },
      (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    );
    expect(result.ok).toBe(true);
    expect(api.polls).toBe(9);
    expect(delays).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000, 2000]);
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
