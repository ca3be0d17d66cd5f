import { nowIso, type Db } from './database.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: 'ok' | 'error';
  detail?: string;
}
interface AuditRow extends Omit<AuditEntry, 'detail'> {
  detail: string | null;
}

/** Who built, converted, cancelled or finalised what, and whether it worked. Append only. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  record(e: Omit<AuditEntry, 'id' | 'at'>): void {
    this.db
      .prepare(
        'INSERT INTO audit_log (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(nowIso(), e.actor, e.action, e.target, e.outcome, e.detail ?? null);
  }

  list(page: number, pageSize: number): { entries: AuditEntry[]; total: number } {
    const rows = this.db
      .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?')
      .all(pageSize, (page - 1) * pageSize) as AuditRow[];
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    return {
      entries: rows.map(({ detail, ...r }) => (detail === null ? r : { ...r, detail })),
      total,
    };
  }
}
