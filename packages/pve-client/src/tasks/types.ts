import type { PollOptions } from '../options.js';
import type { TaskListEntry, TaskLog, TaskLogLine, TaskResult, TaskStatus } from '../types.js';

type Sig = { signal?: AbortSignal };

export interface TaskWaitOptions {
  signal?: AbortSignal;
  /** Default: timeouts.downloadMs for `download` tasks, timeouts.taskWaitMs otherwise. */
  timeoutMs?: number;
  /** Called with each batch of new log lines (tailing with start=N). */
  onLog?: (lines: TaskLogLine[]) => void;
  onPoll?: (status: TaskStatus) => void;
  /** Keep every log line in the result's `log`. */
  collectLog?: boolean;
  /** When the signal aborts, also stop the PVE task (DELETE /nodes/{node}/tasks/{upid}). */
  stopOnAbort?: boolean;
  /** Return {ok:false} instead of throwing PveTaskError on failure. */
  throwOnError?: boolean;
  poll?: Partial<PollOptions>;
  /**
   * How long the task's node may stay unreachable (595/596, connection errors) before the wait
   * gives up with a PveTimeoutError naming the node and since when; default: the whole deadline.
   */
  unreachableMs?: number;
  /** Told when the node stops answering (`since`: epoch ms) and when it answers again. */
  onUnreachable?: (e: { node: string; since: number; error?: string; back?: boolean }) => void;
}

export interface TasksApi {
  status(node: string, upid: string, opts?: Sig): Promise<TaskStatus>;
  /** `start` is the number of lines already seen (0-based offset); `limit` 0 reads to the end. */
  log(node: string, upid: string, start?: number, limit?: number, opts?: Sig): Promise<TaskLog>;
  wait(upid: string, opts?: TaskWaitOptions): Promise<TaskResult>;
  /** Stops (kills) a running PVE task. */
  stop(node: string, upid: string, opts?: Sig): Promise<void>;
  /** A node's tasks, newest first (for resuming jobs after a restart). */
  list(node: string, q?: TaskListQuery, opts?: Sig): Promise<TaskListEntry[]>;
}

export interface TaskListQuery {
  vmid?: number;
  typefilter?: string;
  userfilter?: string;
  /** 'archive' (default: finished only), 'active' or 'all'. */
  source?: 'archive' | 'active' | 'all';
  errors?: boolean;
  since?: number;
  until?: number;
  start?: number;
  limit?: number;
}
