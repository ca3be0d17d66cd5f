import type { Role, User } from '@labforge/contracts';
import { newId } from '../auth/secrets.js';
import { nowIso, type Db } from './database.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: string;
  display_name: string | null;
}
export interface StoredUser extends User {
  password_hash: string;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name ?? row.username,
    role: row.role,
    disabled: row.disabled === 1,
    created_at: row.created_at,
    password_hash: row.password_hash,
  };
}

/** The public view: never the hash. */
export function publicUser(u: StoredUser): User {
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    disabled: u.disabled,
    created_at: u.created_at,
  };
}

export class UserStore {
  constructor(private readonly db: Db) {}

  create(input: {
    username: string;
    passwordHash: string;
    role: Role;
    displayName?: string | undefined;
  }): StoredUser {
    const row: UserRow = {
      id: newId(),
      username: input.username,
      password_hash: input.passwordHash,
      role: input.role,
      disabled: 0,
      created_at: nowIso(),
      display_name: input.displayName ?? null,
    };
    this.db
      .prepare(
        `INSERT INTO users (id, username, password_hash, role, disabled, created_at, display_name)
         VALUES (@id, @username, @password_hash, @role, @disabled, @created_at, @display_name)`,
      )
      .run(row);
    return toUser(row);
  }

  byId(id: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  byUsername(username: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    return row && toUser(row);
  }

  list(): StoredUser[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
    return rows.map(toUser);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  update(id: string, patch: { role?: Role; passwordHash?: string; disabled?: boolean }): void {
    const u = this.byId(id);
    if (!u) return;
    this.db
      .prepare('UPDATE users SET role = ?, password_hash = ?, disabled = ? WHERE id = ?')
      .run(
        patch.role ?? u.role,
        patch.passwordHash ?? u.password_hash,
        (patch.disabled ?? u.disabled) ? 1 : 0,
        id,
      );
  }

  /** Usernames to the names people see, for listings that name who built what. */
  displayNames(): Map<string, string> {
    const rows = this.db.prepare('SELECT username, display_name FROM users').all() as Array<{
      username: string;
      display_name: string | null;
    }>;
    return new Map(rows.map((r) => [r.username, r.display_name ?? r.username]));
  }

  /** The name people see on template cards (added with the template cards; null: the username). */
  setDisplayName(id: string, displayName: string | null): void {
    this.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(displayName, id);
  }
}
