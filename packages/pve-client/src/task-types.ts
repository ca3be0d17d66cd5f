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

export interface TaskStatus {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  tokenid?: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
}

export interface TaskListEntry {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  tokenid?: string;
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
