import type { Job, JobEvent, JobState, JobStep } from '@labforge/contracts';
import { nowIso, type Db } from '../db/database.js';
import type { BuildCheckpoint } from '../engine/port.js';

interface JobRow {
  id: string;
  kind: Job['kind'];
  status: JobState;
  cluster_id: string;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  request: string;
  steps: string;
  warnings: string;
  result: string | null;
  error: string | null;
  checkpoint: string | null;
}

/** A job as stored: the contract's Job plus what only the runner needs. */
export interface StoredJob extends Job {
  checkpoint?: BuildCheckpoint;
  /** Finalise outcomes do not fit the contract's `result` union; kept here for the runner. */
  outcome?: Record<string, unknown>;
}

function parse<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

function toJob(row: JobRow): StoredJob {
  const job: StoredJob = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    cluster_id: row.cluster_id,
    created_by: row.created_by,
    created_at: row.created_at,
    request: JSON.parse(row.request) as Record<string, unknown>,
    steps: JSON.parse(row.steps) as JobStep[],
    warnings: JSON.parse(row.warnings) as string[],
  };
  if (row.started_at) job.started_at = row.started_at;
  if (row.finished_at) job.finished_at = row.finished_at;
  const result = parse<Record<string, unknown>>(row.result);
  if (result && row.kind === 'finalise') job.outcome = result;
  else if (result) job.result = result as Job['result'];
  const error = parse<Job['error']>(row.error);
  if (error) job.error = error;
  const checkpoint = parse<BuildCheckpoint>(row.checkpoint);
  if (checkpoint) job.checkpoint = checkpoint;
  return job;
}

/** The public view of a job (no checkpoint). */
export function publicJob(job: StoredJob): Job {
  const { checkpoint: _c, outcome: _o, ...rest } = job;
  return rest;
}

export class JobStore {
  constructor(private readonly db: Db) {}

  insert(job: StoredJob): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, status, cluster_id, created_by, created_at, request, steps, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.id,
        job.kind,
        job.status,
        job.cluster_id,
        job.created_by,
        job.created_at,
        JSON.stringify(job.request),
        JSON.stringify(job.steps),
        JSON.stringify(job.warnings),
      );
  }

  get(id: string): StoredJob | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row && toJob(row);
  }

  /** Persists the mutable parts of a job in one statement. */
  save(job: StoredJob): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, started_at = ?, finished_at = ?, steps = ?, warnings = ?,
           result = ?, error = ?, checkpoint = ? WHERE id = ?`,
      )
      .run(
        job.status,
        job.started_at ?? null,
        job.finished_at ?? null,
        JSON.stringify(job.steps),
        JSON.stringify(job.warnings),
        job.result || job.outcome ? JSON.stringify(job.result ?? job.outcome) : null,
        job.error ? JSON.stringify(job.error) : null,
        job.checkpoint ? JSON.stringify(job.checkpoint) : null,
        job.id,
      );
  }

  list(q: { page: number; pageSize: number; status?: JobState; user?: string }): {
    jobs: StoredJob[];
    total: number;
  } {
    const where: string[] = [];
    const args: string[] = [];
    if (q.status) {
      where.push('status = ?');
      args.push(q.status);
    }
    if (q.user !== undefined) {
      where.push('created_by = ?');
      args.push(q.user);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM jobs ${clause} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...args, q.pageSize, (q.page - 1) * q.pageSize) as JobRow[];
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${clause}`).get(...args) as { n: number }
    ).n;
    return { jobs: rows.map(toJob), total };
  }

  unfinished(): StoredJob[] {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at`)
      .all() as JobRow[];
    return rows.map(toJob);
  }

  /** Appends an event with the next sequence number (atomically) and returns it. */
  appendEvent(jobId: string, event: Omit<JobEvent, 'seq' | 'at'>): JobEvent {
    return this.db.transaction(() => {
      const { last_seq } = this.db
        .prepare('UPDATE jobs SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq')
        .get(jobId) as { last_seq: number };
      const full = { seq: last_seq, at: nowIso(), ...event } as JobEvent;
      this.db
        .prepare('INSERT INTO job_events (job_id, seq, data) VALUES (?, ?, ?)')
        .run(jobId, last_seq, JSON.stringify(full));
      return full;
    })();
  }

  eventsAfter(jobId: string, afterSeq: number): JobEvent[] {
    const rows = this.db
      .prepare('SELECT data FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq')
      .all(jobId, afterSeq) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as JobEvent);
  }
}
