import type { VmOwner } from '@labforge/contracts';
import { nowIso, type Db } from './database.js';

interface OwnerRow {
  cluster_id: string;
  vmid: number;
  username: string;
  user_id: string;
  source: VmOwner['source'];
  job_id: string | null;
  assigned_by: string | null;
  since: string;
}

function toOwner(row: OwnerRow): VmOwner & { userId: string } {
  return {
    cluster_id: row.cluster_id,
    vmid: row.vmid,
    username: row.username,
    userId: row.user_id,
    source: row.source,
    ...(row.job_id ? { job_id: row.job_id } : {}),
    ...(row.assigned_by ? { assigned_by: row.assigned_by } : {}),
    since: row.since,
  };
}

const SELECT = `SELECT o.*, u.username FROM vm_owners o JOIN users u ON u.id = o.user_id`;

/** The one record of who may act on which VM; see `vm-owners.ts` in contracts for the rule. */
export class VmOwnerStore {
  constructor(private readonly db: Db) {}

  get(clusterId: string, vmid: number): (VmOwner & { userId: string }) | undefined {
    const row = this.db
      .prepare(`${SELECT} WHERE o.cluster_id = ? AND o.vmid = ?`)
      .get(clusterId, vmid) as OwnerRow | undefined;
    return row ? toOwner(row) : undefined;
  }

  list(filter: { clusterId?: string; userId?: string } = {}): VmOwner[] {
    const rows = this.db
      .prepare(
        `${SELECT} WHERE (@cluster IS NULL OR o.cluster_id = @cluster)
           AND (@user IS NULL OR o.user_id = @user) ORDER BY o.cluster_id, o.vmid`,
      )
      .all({ cluster: filter.clusterId ?? null, user: filter.userId ?? null }) as OwnerRow[];
    return rows.map((r) => {
      const { userId: _u, ...owner } = toOwner(r);
      return owner;
    });
  }

  /**
   * A build made this VMID: recorded the moment the VMID is known (before Proxmox is asked), so a
   * VM left behind by a failed or interrupted build still has its owner. A VMID freed and reused
   * by a later build changes hands with it.
   */
  recordBuilt(clusterId: string, vmid: number, userId: string, jobId: string): void {
    this.db
      .prepare(
        `INSERT INTO vm_owners (cluster_id, vmid, user_id, source, job_id, since)
         VALUES (?, ?, ?, 'built', ?, ?)
         ON CONFLICT (cluster_id, vmid) DO UPDATE SET
           user_id = excluded.user_id, source = 'built', job_id = excluded.job_id,
           assigned_by = NULL, since = excluded.since`,
      )
      .run(clusterId, vmid, userId, jobId, nowIso());
  }

  assign(clusterId: string, vmid: number, userId: string, adminUsername: string): void {
    this.db
      .prepare(
        `INSERT INTO vm_owners (cluster_id, vmid, user_id, source, assigned_by, since)
         VALUES (?, ?, ?, 'assigned', ?, ?)
         ON CONFLICT (cluster_id, vmid) DO UPDATE SET
           user_id = excluded.user_id, source = 'assigned', job_id = NULL,
           assigned_by = excluded.assigned_by, since = excluded.since`,
      )
      .run(clusterId, vmid, userId, adminUsername, nowIso());
  }

  /** Forgets the VM (deleted, or made admin-only again); answers whether there was a record. */
  release(clusterId: string, vmid: number): boolean {
    return (
      this.db
        .prepare('DELETE FROM vm_owners WHERE cluster_id = ? AND vmid = ?')
        .run(clusterId, vmid).changes > 0
    );
  }
}
