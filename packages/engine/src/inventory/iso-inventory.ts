import type { Iso, NodeScan } from '@labforge/contracts';
import { guessOsType } from '@labforge/contracts';
import {
  isNodeUnreachable,
  type ClusterResource,
  type PveClient,
  type StorageContent,
} from '@labforge/pve-client';
import { pveText, stepError } from '../errors/builder-error.js';
import type { IsoListing } from '../types.js';
import { SingleFlight } from '../util/concurrency.js';
import { NodeReadLimiter } from '../util/node-limiter.js';
import { type IsoRead, mergeIsoReads, planIsoReads, type ReadOutcome } from './iso-plan.js';

/** How stale a listing that shows an offline node may be. */
const OFFLINE_RECHECK_MS = 2_000;

export interface IsoInventoryOptions {
  /** Freshness: seconds, so an ISO uploaded by hand shows up almost at once. */
  ttlMs?: number;
  /** Bounds reads per node (shared with the engine's other reads); a default one otherwise. */
  reads?: NodeReadLimiter;
  now?: () => number;
}

interface Snapshot extends IsoListing {
  nodeResources: ClusterResource[];
  storageResources: ClusterResource[];
}

/**
 * All ISOs of one cluster. Two reads of /cluster/resources (storages and nodes, in parallel),
 * then every content read at once, bounded per node (PVE runs them in the node's pvedaemon,
 * 3 workers): node-local storages first, then each shared storage on its least busy reader.
 * Cached briefly; concurrent callers share one refresh; LabForge invalidates it when it adds
 * an ISO itself.
 */
export class IsoInventory {
  private snapshot: Snapshot | undefined;
  private generation = 0;
  private known = new Map<string, StorageContent[]>();
  private readonly flight = new SingleFlight<Snapshot>();
  private readonly ttlMs: number;
  private readonly reads: NodeReadLimiter;
  private readonly now: () => number;

  constructor(
    private readonly client: PveClient,
    opts: IsoInventoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 15_000;
    this.reads = opts.reads ?? new NodeReadLimiter();
    this.now = opts.now ?? Date.now;
  }

  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
  }

  async list(refresh = false): Promise<Snapshot> {
    const snap = this.snapshot;
    // A node seen offline is looked at again after a couple of seconds, not after the full TTL:
    // one that came back is used again at once.
    const ttl = snap?.nodes.some((n) => n.status === 'offline')
      ? Math.min(this.ttlMs, OFFLINE_RECHECK_MS)
      : this.ttlMs;
    if (!refresh && snap && this.now() - snap.fetched_at < ttl) return snap;
    const gen = this.generation;
    // A refresh joins a scan already in flight: it started after the caller's data went stale.
    const fresh = await this.flight.run(`scan-${gen}`, () => this.scan());
    if (gen === this.generation) this.snapshot = fresh;
    return fresh;
  }

  /** Live listing of one node's ISO storages (the SPA's per-node picker). */
  async listNode(node: string): Promise<IsoListing> {
    const storages = await this.reads
      .run(node, () => this.client.storage.list(node, { content: 'iso', enabled: true }))
      .catch((err: unknown) => {
        if (isNodeUnreachable(err)) return undefined;
        throw stepError('list-isos', `Listing the storages of node ${node} failed`, err);
      });
    if (!storages) {
      return {
        isos: [],
        nodes: [{ node, status: 'offline', iso_count: 0, error: 'node is offline' }],
        fetched_at: this.now(),
      };
    }
    const errors: string[] = [];
    const lists = await Promise.all(
      storages.map((s) =>
        this.readContent(node, s.storage).catch((err: unknown) => {
          errors.push(`${s.storage}: ${pveText(err)}`);
          return [] as StorageContent[];
        }),
      ),
    );
    const isos: Iso[] = [];
    storages.forEach((s, i) => {
      for (const item of lists[i] ?? []) {
        const name = item.volid.replace(/^[^:]*:iso\//, '');
        const hint = guessOsType(name);
        isos.push({
          volid: item.volid,
          name,
          size: item.size,
          node,
          storage: s.storage,
          shared: s.shared === 1,
          nodes: [node],
          ...(item.ctime !== undefined ? { ctime: item.ctime } : {}),
          ...(hint !== undefined ? { os_hint: hint } : {}),
        });
      }
    });
    const scan: NodeScan = {
      node,
      status: errors.length ? 'error' : 'ok',
      iso_count: isos.length,
      ...(errors.length ? { error: errors.join('; ') } : {}),
    };
    return { isos, nodes: [scan], fetched_at: this.now() };
  }

  private readContent(node: string, storage: string): Promise<StorageContent[]> {
    return this.reads.run(node, () =>
      this.client.storage.content(node, storage, { content: 'iso' }),
    );
  }

  private async scan(): Promise<Snapshot> {
    const [storageResources, nodeResources] = await Promise.all([
      this.client.cluster.resources('storage'),
      this.client.cluster.resources('node'),
    ]).catch((err: unknown) => {
      throw stepError('list-isos', 'Reading the cluster resources failed', err);
    });
    const reads = planIsoReads(nodeResources, storageResources);
    this.keepOfflineNodeReads(reads, nodeResources);
    // Reads with one possible node first, so each shared read then sees the load they make.
    const ordered = [...reads].sort((a, b) => a.readers.length - b.readers.length);
    const outcomes = await Promise.all(ordered.map((read) => this.execute(read)));
    const merged = mergeIsoReads({ nodes: nodeResources, outcomes, previous: this.known });
    this.known = merged.known;
    return {
      isos: merged.isos,
      nodes: merged.scans,
      fetched_at: this.now(),
      nodeResources,
      storageResources,
    };
  }

  /** Storages of an offline node that PVE no longer lists still keep their last known ISOs. */
  private keepOfflineNodeReads(reads: IsoRead[], nodes: ClusterResource[]): void {
    const planned = new Set(reads.map((r) => r.key));
    const offline = new Set(nodes.filter((n) => n.status !== 'online').map((n) => n.node));
    for (const key of this.known.keys()) {
      const [node, storage] = key.split('/');
      if (!node || !storage || node === 'shared' || planned.has(key) || !offline.has(node))
        continue;
      reads.push({ key, storage, shared: false, readers: [], servedNodes: [node] });
    }
  }

  private async execute(read: IsoRead): Promise<ReadOutcome> {
    if (read.readers.length === 0) {
      return { read, error: 'node is offline', offline: true, node: read.servedNodes[0] };
    }
    let last: ReadOutcome = { read, error: 'not read' };
    // The order is fixed now, while every read of this scan is being queued (load counts them).
    for (const node of this.reads.leastBusy(read.readers)) {
      try {
        return { read, node, items: await this.readContent(node, read.storage) };
      } catch (err) {
        last = { read, node, error: pveText(err), offline: isNodeUnreachable(err) };
      }
    }
    return last;
  }
}
