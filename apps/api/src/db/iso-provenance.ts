import type { ChecksumAlgorithm } from '@labforge/contracts';
import { nowIso, type Db } from './database.js';

export interface IsoProvenance {
  clusterId: string;
  volid: string;
  /** '' for shared storage (one file for every node), else the node of the local storage. */
  node: string;
  addedBy: string;
  addedAt: string;
  source: 'upload' | 'download';
  url?: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksum?: string;
  jobId?: string;
}

interface Row {
  cluster_id: string;
  volid: string;
  node: string;
  added_by: string;
  added_at: string;
  source: 'upload' | 'download';
  url: string | null;
  checksum_algorithm: ChecksumAlgorithm | null;
  checksum: string | null;
  job_id: string | null;
}

const toRecord = (r: Row): IsoProvenance => ({
  clusterId: r.cluster_id,
  volid: r.volid,
  node: r.node,
  addedBy: r.added_by,
  addedAt: r.added_at,
  source: r.source,
  ...(r.url ? { url: r.url } : {}),
  ...(r.checksum_algorithm ? { checksumAlgorithm: r.checksum_algorithm } : {}),
  ...(r.checksum ? { checksum: r.checksum } : {}),
  ...(r.job_id ? { jobId: r.job_id } : {}),
});

/**
 * Which ISOs LabForge added, by whom, and with which verified checksum: the teacher who added an
 * ISO may remove it again, and the library shows the checksum Proxmox verified.
 */
export class IsoProvenanceStore {
  constructor(private readonly db: Db) {}

  record(p: Omit<IsoProvenance, 'addedAt'>): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO iso_provenance
           (cluster_id, volid, node, added_by, added_at, source, url, checksum_algorithm, checksum, job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.clusterId,
        p.volid,
        p.node,
        p.addedBy,
        nowIso(),
        p.source,
        p.url ?? null,
        p.checksumAlgorithm ?? null,
        p.checksum ?? null,
        p.jobId ?? null,
      );
  }

  list(clusterId: string): IsoProvenance[] {
    return (
      this.db.prepare(`SELECT * FROM iso_provenance WHERE cluster_id = ?`).all(clusterId) as Row[]
    ).map(toRecord);
  }

  /** The record of the file a library entry shows (shared: node ''). */
  find(clusterId: string, volid: string, node: string): IsoProvenance | undefined {
    const row = this.db
      .prepare(`SELECT * FROM iso_provenance WHERE cluster_id = ? AND volid = ? AND node = ?`)
      .get(clusterId, volid, node) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  remove(clusterId: string, volid: string, node: string): void {
    this.db
      .prepare(`DELETE FROM iso_provenance WHERE cluster_id = ? AND volid = ? AND node = ?`)
      .run(clusterId, volid, node);
  }

  pin(clusterId: string): { url: string; sha256: string } | undefined {
    return this.db
      .prepare(`SELECT url, sha256 FROM virtio_pins WHERE cluster_id = ?`)
      .get(clusterId) as { url: string; sha256: string } | undefined;
  }

  setPin(clusterId: string, pin: { url: string; sha256: string } | undefined, by: string): void {
    if (!pin) {
      this.db.prepare(`DELETE FROM virtio_pins WHERE cluster_id = ?`).run(clusterId);
      return;
    }
    this.db
      .prepare(
        `INSERT OR REPLACE INTO virtio_pins (cluster_id, url, sha256, pinned_by, pinned_at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(clusterId, pin.url, pin.sha256.toLowerCase(), by, nowIso());
  }
}
