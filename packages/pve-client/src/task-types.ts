/** Shapes of PVE task objects (pve-common PVE/UPID.pm, pve-manager API2/Tasks.pm). */

export interface Upid {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string; // 'user@realm' (token part split off into tokenid)
  tokenid?: string;
}

/** GET /nodes/{node}/tasks/{upid}/status: the decoded UPID plus its state. */
export interface TaskStatus extends Upid {
  status: 'running' | 'stopped';
  exitstatus?: string;
}

/** GET /nodes/{node}/tasks: the decoded UPID plus end time and status text. */
export interface TaskListEntry extends Upid {
  endtime?: number;
  /** Exit status text of a finished task ('OK', 'WARNINGS: 1', the error) or 'RUNNING'. */
  status?: string;
}

export interface TaskLogLine {
  n: number;
  t: string;
}

export interface TaskLog {
  lines: TaskLogLine[];
  total: number;
}

export interface TaskResult {
  upid: string;
  node: string;
  type: string;
  exitstatus: string;
  ok: boolean;
  /** Count from `WARNINGS: n` (0 for OK). */
  warnings: number;
  /** Log lines seen while tailing (only when onLog was given or collectLog was set). */
  log?: TaskLogLine[];
}
