import type { Job, JobEvent, JobState, JobStep, JobTypes, TypedJob } from '@labforge/contracts';
import type { BuildCheckpoint } from '@labforge/engine';
import { nowIso, type Db } from '../db/database.js';

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

/**
 * A job as stored: request and result typed by its kind (the `kind` column says which shapes
 * the JSON columns hold), plus the engine's latest checkpoint, which only the runner reads.
 */
export type StoredJob = TypedJob & { checkpoint?: BuildCheckpoint };

function parse<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/** The row's JSON columns as the shapes its kind wrote (they are only ever written by `save`). */
function typed<K extends Job['kind']>(
  kind: K,
  row: JobRow,
): { kind: K; request: JobTypes[K]['request']; result?: JobTypes[K]['result'] } {
  const result = parse<JobTypes[K]['result']>(row.result);
  return {
    kind,
    request: JSON.parse(row.request) as JobTypes[K]['request'],
    ...(result ? { result } : {}),
  };
}

function toJob(row: JobRow): StoredJob {
  const common = {
    id: row.id,
    status: row.status,
    cluster_id: row.cluster_id,
    created_by: row.created_by,
    created_at: row.created_at,
    steps: JSON.parse(row.steps) as JobStep[],
    warnings: JSON.parse(row.warnings) as string[],
    ...(row.started_at ? { started_at: row.started_at } : {}),
    ...(row.finished_at ? { finished_at: row.finished_at } : {}),
  };
  const error = parse<Job['error']>(row.error);
  const checkpoint = parse<BuildCheckpoint>(row.checkpoint);
  const rest = { ...(error ? { error } : {}), ...(checkpoint ? { checkpoint } : {}) };
  switch (row.kind) {
    case 'build':
      return { ...common, ...typed('build', row), ...rest };
    case 'bulk':
      return { ...common, ...typed('bulk', row), ...rest };
    case 'finalise':
      return { ...common, ...typed('finalise', row), ...rest };
    case 'iso-download':
      return { ...common, ...typed('iso-download', row), ...rest };
    case 'run-script':
      return { ...common, ...typed('run-script', row), ...rest };
    case 'deploy':
      return { ...common, ...typed('deploy', row), ...rest };
  }
}

/** The public view of a job (no checkpoint). */
export function publicJob(job: StoredJob): Job {
  const { checkpoint: _c, ...rest } = job;
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
        job.result ? JSON.stringify(job.result) : null,
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
