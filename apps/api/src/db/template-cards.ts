import type { TemplateVisibility } from '@labforge/contracts';
import { nowIso, type Db } from './database.js';

export type CardSource = 'built' | 'finalised' | 'recorded';

/** A person on a card: the stored username, and the display name when the user still exists. */
export interface CardPerson {
  userId: string | null;
  username: string;
  displayName: string;
}

export interface StoredCard {
  clusterId: string;
  vmid: number;
  author: CardPerson;
  source: CardSource;
  jobId: string | null;
  createdAt: string;
  description: string;
  tags: string[];
  familyId: string;
  version: number;
  visibility: TemplateVisibility;
  sharedWith: CardPerson[];
  retiredAt: string | null;
  retiredBy: string | null;
  /** The last facts read from Proxmox (JSON), shown while the template is missing. */
  facts: string | null;
}

interface CardRow {
  cluster_id: string;
  vmid: number;
  author_id: string | null;
  author_username: string;
  author_display: string | null;
  source: CardSource;
  job_id: string | null;
  created_at: string;
  description: string;
  tags: string;
  family_id: string;
  version: number;
  visibility: TemplateVisibility;
  retired_at: string | null;
  retired_by: string | null;
  facts: string | null;
}

interface ShareRow {
  cluster_id: string;
  vmid: number;
  user_id: string;
  username: string;
  display_name: string | null;
}

const SELECT = `SELECT c.*, u.display_name AS author_display FROM template_cards c
  LEFT JOIN users u ON u.id = c.author_id`;

function parseTags(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Template cards and who each is shared with by name. */
export class TemplateCardStore {
  constructor(private readonly db: Db) {}

  get(clusterId: string, vmid: number): StoredCard | undefined {
    const row = this.db
      .prepare(`${SELECT} WHERE c.cluster_id = ? AND c.vmid = ?`)
      .get(clusterId, vmid) as CardRow | undefined;
    return row ? this.withShares([row])[0] : undefined;
  }

  list(clusterId: string): StoredCard[] {
    const rows = this.db
      .prepare(`${SELECT} WHERE c.cluster_id = ? ORDER BY c.vmid`)
      .all(clusterId) as CardRow[];
    return this.withShares(rows);
  }

  /**
   * A job made this template: its card, private to the job's user. A card left from an earlier
   * template on the same VMID (deleted in Proxmox, VMID reused) is replaced; the same job
   * recording again (a reconciled job) changes nothing.
   */
  recordMade(input: {
    clusterId: string;
    vmid: number;
    userId: string | null;
    username: string;
    source: CardSource;
    jobId: string | null;
  }): boolean {
    const existing = this.get(input.clusterId, input.vmid);
    if (existing && (existing.jobId === input.jobId || input.source === 'recorded')) return false;
    const now = nowIso();
    this.db.transaction(() => {
      if (existing)
        this.db
          .prepare('DELETE FROM template_cards WHERE cluster_id = ? AND vmid = ?')
          .run(input.clusterId, input.vmid);
      this.db
        .prepare(
          `INSERT INTO template_cards (cluster_id, vmid, author_id, author_username, source, job_id,
             created_at, family_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.clusterId,
          input.vmid,
          input.userId,
          input.username,
          input.source,
          input.jobId,
          now,
          `${input.clusterId}/${input.vmid}`,
          now,
        );
    })();
    return true;
  }

  update(
    clusterId: string,
    vmid: number,
    patch: {
      description?: string;
      tags?: readonly string[];
      visibility?: TemplateVisibility;
      family?: { id: string; version: number };
    },
  ): void {
    const sets: string[] = ['updated_at = @now'];
    if (patch.description !== undefined) sets.push('description = @description');
    if (patch.tags !== undefined) sets.push('tags = @tags');
    if (patch.visibility !== undefined) sets.push('visibility = @visibility');
    if (patch.family) sets.push('family_id = @family_id', 'version = @version');
    this.db
      .prepare(
        `UPDATE template_cards SET ${sets.join(', ')} WHERE cluster_id = @cluster AND vmid = @vmid`,
      )
      .run({
        now: nowIso(),
        cluster: clusterId,
        vmid,
        description: patch.description ?? null,
        tags: patch.tags ? JSON.stringify(patch.tags) : null,
        visibility: patch.visibility ?? null,
        family_id: patch.family?.id ?? null,
        version: patch.family?.version ?? null,
      });
  }

  setShares(clusterId: string, vmid: number, userIds: readonly string[]): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM template_shares WHERE cluster_id = ? AND vmid = ?')
        .run(clusterId, vmid);
      const add = this.db.prepare(
        'INSERT OR IGNORE INTO template_shares (cluster_id, vmid, user_id) VALUES (?, ?, ?)',
      );
      for (const id of userIds) add.run(clusterId, vmid, id);
    })();
  }

  setRetired(clusterId: string, vmid: number, by: string | null): void {
    this.db
      .prepare(
        `UPDATE template_cards SET retired_at = ?, retired_by = ?, updated_at = ?
         WHERE cluster_id = ? AND vmid = ?`,
      )
      .run(by ? nowIso() : null, by, nowIso(), clusterId, vmid);
  }

  /** Keeps the last facts read from Proxmox; written only when they changed. */
  saveFacts(clusterId: string, vmid: number, facts: string): void {
    this.db
      .prepare(
        `UPDATE template_cards SET facts = ? WHERE cluster_id = ? AND vmid = ?
           AND (facts IS NULL OR facts <> ?)`,
      )
      .run(facts, clusterId, vmid, facts);
  }

  /** The highest version in a family. */
  latestVersion(clusterId: string, familyId: string): number {
    const row = this.db
      .prepare(
        'SELECT MAX(version) AS v FROM template_cards WHERE cluster_id = ? AND family_id = ?',
      )
      .get(clusterId, familyId) as { v: number | null };
    return row.v ?? 0;
  }

  /** Active teachers: who a template can be shared with. */
  teachers(): CardPerson[] {
    const rows = this.db
      .prepare(
        `SELECT id, username, display_name FROM users
         WHERE role = 'teacher' AND disabled = 0 ORDER BY username`,
      )
      .all() as Array<{ id: string; username: string; display_name: string | null }>;
    return rows.map((r) => ({
      userId: r.id,
      username: r.username,
      displayName: r.display_name ?? r.username,
    }));
  }

  displayName(userId: string): string | undefined {
    const row = this.db
      .prepare('SELECT username, display_name FROM users WHERE id = ?')
      .get(userId) as { username: string; display_name: string | null } | undefined;
    return row ? (row.display_name ?? row.username) : undefined;
  }

  private withShares(rows: CardRow[]): StoredCard[] {
    if (rows.length === 0) return [];
    const shares = this.db
      .prepare(
        `SELECT s.cluster_id, s.vmid, s.user_id, u.username, u.display_name FROM template_shares s
         JOIN users u ON u.id = s.user_id WHERE s.cluster_id = ? ORDER BY u.username`,
      )
      .all(rows[0]!.cluster_id) as ShareRow[];
    return rows.map((r) => ({
      clusterId: r.cluster_id,
      vmid: r.vmid,
      author: {
        userId: r.author_id,
        username: r.author_username,
        displayName: r.author_display ?? r.author_username,
      },
      source: r.source,
      jobId: r.job_id,
      createdAt: r.created_at,
      description: r.description,
      tags: parseTags(r.tags),
      familyId: r.family_id,
      version: r.version,
      visibility: r.visibility,
      sharedWith: shares
        .filter((s) => s.vmid === r.vmid && s.cluster_id === r.cluster_id)
        .map((s) => ({
          userId: s.user_id,
          username: s.username,
          displayName: s.display_name ?? s.username,
        })),
      retiredAt: r.retired_at,
      retiredBy: r.retired_by,
      facts: r.facts,
    }));
  }
}
