import { randomSecret, sha256 } from '../auth/secrets.js';
import { nowIso, type Db } from './database.js';

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  clusterId: string | null;
  expiresAt: string;
}
interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  cluster_id: string | null;
  expires_at: string;
  revoked_at: string | null;
}

/** Server-side sessions: the cookie holds a random id, the database only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  create(userId: string, clusterId: string | null): { cookieValue: string; session: Session } {
    const cookieValue = randomSecret();
    const session: Session = {
      idHash: sha256(cookieValue),
      userId,
      csrfToken: randomSecret(24),
      clusterId,
      expiresAt: new Date(Date.now() + this.ttlMs).toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, cluster_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(session.idHash, userId, session.csrfToken, clusterId, nowIso(), session.expiresAt);
    return { cookieValue, session };
  }

  /** The live session for a cookie value, or undefined when unknown, revoked or expired. */
  find(cookieValue: string): Session | undefined {
    const row = this.db
      .prepare('SELECT * FROM sessions WHERE id_hash = ?')
      .get(sha256(cookieValue)) as SessionRow | undefined;
    if (!row || row.revoked_at !== null || row.expires_at <= nowIso()) return undefined;
    return {
      idHash: row.id_hash,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      clusterId: row.cluster_id,
      expiresAt: row.expires_at,
    };
  }

  /** True while the session is neither revoked nor expired (long-lived streams re-check this). */
  isLive(idHash: string): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?',
        )
        .get(idHash, nowIso()) !== undefined
    );
  }

  setCluster(idHash: string, clusterId: string): void {
    this.db.prepare('UPDATE sessions SET cluster_id = ? WHERE id_hash = ?').run(clusterId, idHash);
  }

  revoke(idHash: string): void {
    this.db
      .prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL')
      .run(nowIso(), idHash);
  }

  /** Revokes every session of a user except `keep` (password change, disable, role change). */
  revokeAllFor(userId: string, keep?: string): void {
    this.db
      .prepare(
        `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id_hash != ?`,
      )
      .run(nowIso(), userId, keep ?? '');
  }
}
