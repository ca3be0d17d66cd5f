import { randomUUID } from 'node:crypto';
import type { GuestScript, GuestScriptInput } from '@labforge/contracts';
import { nowIso, type Db } from './database.js';

interface Row {
  id: string;
  owner_id: string;
  username: string;
  name: string;
  language: GuestScript['language'];
  description: string;
  body: string;
  timeout_s: number;
  created_at: string;
  updated_at: string;
}

/** A saved script with its owner's id (for the ownership rule), as the API lists it. */
export type StoredScript = GuestScript & { ownerId: string };

const toScript = (r: Row): StoredScript => ({
  id: r.id,
  name: r.name,
  language: r.language,
  description: r.description,
  body: r.body,
  timeout_s: r.timeout_s,
  owner: r.username,
  ownerId: r.owner_id,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

const SELECT = `SELECT s.*, u.username FROM scripts s JOIN users u ON u.id = s.owner_id`;

/** Teachers' post-deployment scripts. Ownership decisions are the routes'; this only stores. */
export class ScriptStore {
  constructor(private readonly db: Db) {}

  get(id: string): StoredScript | undefined {
    const row = this.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
    return row ? toScript(row) : undefined;
  }

  /** One owner's scripts, or everyone's (undefined), by name. */
  list(ownerId?: string): StoredScript[] {
    const rows = this.db
      .prepare(
        `${SELECT} WHERE (@owner IS NULL OR s.owner_id = @owner) ORDER BY s.name COLLATE NOCASE, s.id`,
      )
      .all({ owner: ownerId ?? null }) as Row[];
    return rows.map(toScript);
  }

  create(ownerId: string, input: GuestScriptInput): StoredScript {
    // Script ids are plain lower-case hex (the contracts' script_id grammar).
    const id = randomUUID().replace(/-/g, '');
    const at = nowIso();
    this.db
      .prepare(
        `INSERT INTO scripts (id, owner_id, name, language, description, body, timeout_s, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        ownerId,
        input.name,
        input.language,
        input.description,
        input.body,
        input.timeout_s,
        at,
        at,
      );
    return this.get(id) as StoredScript;
  }

  update(id: string, input: GuestScriptInput): StoredScript | undefined {
    this.db
      .prepare(
        `UPDATE scripts SET name = ?, language = ?, description = ?, body = ?, timeout_s = ?,
           updated_at = ? WHERE id = ?`,
      )
      .run(
        input.name,
        input.language,
        input.description,
        input.body,
        input.timeout_s,
        nowIso(),
        id,
      );
    return this.get(id);
  }

  remove(id: string): boolean {
    return this.db.prepare(`DELETE FROM scripts WHERE id = ?`).run(id).changes > 0;
  }
}
