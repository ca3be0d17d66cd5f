import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';
import type { PollOptions, Timeouts } from '../options.js';
import type { TaskListEntry, TaskLogLine, TaskStatus } from '../types.js';
import type { TasksApi } from './types.js';
import { waitForTask } from './wait.js';

export function tasksApi(core: ClientCore, timeouts: Timeouts, poll: PollOptions): TasksApi {
  const path = (node: string, upid: string): string => `/nodes/${seg(node)}/tasks/${seg(upid)}`;
  const api: TasksApi = {
    status: (node, upid, opts) =>
      core.request<TaskStatus>('GET', `${path(node, upid)}/status`, undefined, opts),
    async log(node, upid, start, limit, opts) {
      const env = await core.envelope<TaskLogLine[]>(
        'GET',
        `${path(node, upid)}/log`,
        { start, limit },
        opts,
      );
      const lines = Array.isArray(env.data) ? env.data : [];
      const total = env.total ?? (lines.length > 0 ? lines[lines.length - 1]!.n : 0);
      return { lines, total };
    },
    wait: (upid, opts = {}) => waitForTask(api, upid, opts, timeouts, { ...poll, ...opts.poll }),
    async stop(node, upid, opts) {
      await core.request<unknown>('DELETE', path(node, upid), undefined, opts);
    },
    list: (node, q, opts) =>
      core.request<TaskListEntry[]>('GET', `/nodes/${seg(node)}/tasks`, { ...q }, opts),
  };
  return api;
}
