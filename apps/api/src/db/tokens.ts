import { randomSecret, safeEqual, sha256 } from '../auth/secrets.js';
import { nowIso, type Db } from './database.js';

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export interface ApiTokenView {
  id: string;
  name: string;
  created_at: string;
  last_used_at?: string;
}

const PREFIX = 'lf_';

function view(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    created_at: row.created_at,
    ...(row.last_used_at ? { last_used_at: row.last_used_at } : {}),
  };
}

/**
 * Personal API tokens `lf_<id>.<secret>`: the id finds the row, the secret is compared by hash.
 * Only the hash is stored, so the secret is shown once at creation.
 */
export class TokenStore {
  constructor(private readonly db: Db) {}

  create(userId: string, name: string): { token: ApiTokenView; secret: string } {
    const id = randomSecret(9);
    const secretPart = randomSecret(32);
    const row: TokenRow = {
      id,
      user_id: userId,
      name,
      secret_hash: sha256(secretPart),
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at)
         VALUES (@id, @user_id, @name, @secret_hash, @created_at)`,
      )
      .run(row);
    return { token: view(row), secret: `${PREFIX}${id}.${secretPart}` };
  }

  /** The user and token id a bearer secret belongs to, or undefined. Records the use. */
  authenticate(bearer: string): { userId: string; tokenId: string } | undefined {
    if (!bearer.startsWith(PREFIX)) return undefined;
    const dot = bearer.indexOf('.', PREFIX.length);
    if (dot < 0) return undefined;
    const id = bearer.slice(PREFIX.length, dot);
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as
      TokenRow | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    if (!safeEqual(row.secret_hash, sha256(bearer.slice(dot + 1)))) return undefined;
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(nowIso(), id);
    return { userId: row.user_id, tokenId: id };
  }

  list(userId: string): ApiTokenView[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at',
      )
      .all(userId) as TokenRow[];
    return rows.map(view);
  }

  /** True while the token exists and is not revoked (long-lived streams re-check this). */
  isLive(id: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL').get(id) !==
      undefined
    );
  }

  /** Revokes every live token of a user; answers how many. */
  revokeAllFor(userId: string): number {
    return this.db
      .prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
      .run(nowIso(), userId).changes;
  }

  revoke(userId: string, id: string): boolean {
    const r = this.db
      .prepare(
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
      )
      .run(nowIso(), id, userId);
    return r.changes > 0;
  }
}
