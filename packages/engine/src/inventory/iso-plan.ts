import type { Iso, NodeScan } from '@labforge/contracts';
import { guessOsType } from '@labforge/contracts';
import type { ClusterResource, StorageContent } from '@labforge/pve-client';

/**
 * Pure planning and merging for ISO discovery. One content read per shared storage (tried on
 * its online nodes in turn) and one per node-local storage on each online node: the number of
 * sequential round trips does not grow with the cluster, only the width of the parallel fan-out.
 */
export interface IsoRead {
  key: string;
  storage: string;
  shared: boolean;
  /** Online nodes to read from, in order of preference (first that answers wins). */
  readers: string[];
  /** Every node that can read this storage (offline ones included). */
  servedNodes: string[];
}

export interface ReadOutcome {
  read: IsoRead;
  items?: StorageContent[];
  error?: string;
  /** The node that answered (or the last one tried). */
  node?: string;
  offline?: boolean;
}

export function isOnline(node: ClusterResource | undefined): boolean {
  return node?.status === 'online';
}

export function planIsoReads(nodes: ClusterResource[], storages: ClusterResource[]): IsoRead[] {
  const online = new Set(nodes.filter(isOnline).map((n) => n.node as string));
  const withIso = storages.filter(
    (s) => s.storage && s.node && (s.content ?? '').split(',').includes('iso'),
  );
  const reads = new Map<string, IsoRead>();
  for (const s of withIso) {
    const storage = s.storage as string;
    const node = s.node as string;
    const shared = s.shared === 1;
    const key = shared ? `shared/${storage}` : `${node}/${storage}`;
    let read = reads.get(key);
    if (!read) {
      read = { key, storage, shared, readers: [], servedNodes: [] };
      reads.set(key, read);
    }
    read.servedNodes.push(node);
    if (online.has(node)) read.readers.push(node);
  }
  for (const read of reads.values()) {
    read.servedNodes.sort();
    // Spread shared reads over their nodes so one node does not answer for every storage.
    const shift = hash(read.storage) % Math.max(1, read.readers.length);
    read.readers.sort();
    read.readers = [...read.readers.slice(shift), ...read.readers.slice(0, shift)];
  }
  return [...reads.values()];
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export interface MergeInput {
  nodes: ClusterResource[];
  outcomes: ReadOutcome[];
  /** Last known items per read key: kept when a read fails or its node is offline. */
  previous: Map<string, StorageContent[]>;
}

export interface MergeResult {
  isos: Iso[];
  scans: NodeScan[];
  known: Map<string, StorageContent[]>;
}

/**
 * Names sorted case-insensitively; one collator for every sort (`localeCompare` with options
 * builds one per comparison: at 180 ISOs that was most of the engine's CPU in a scan).
 */
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' });

export function mergeIsoReads({ nodes, outcomes, previous }: MergeInput): MergeResult {
  const known = new Map<string, StorageContent[]>();
  const errors = new Map<string, string>();
  const offline = new Set(nodes.filter((n) => !isOnline(n)).map((n) => n.node as string));
  const byVolid = new Map<
    string,
    { item: StorageContent; storage: string; shared: boolean; nodes: Set<string> }
  >();
  const perNode = new Map<string, Set<string>>();

  for (const o of outcomes) {
    if (o.error !== undefined) {
      for (const n of o.read.shared ? o.read.readers : [o.node ?? '']) {
        if (n && !errors.has(n)) errors.set(n, `${o.read.storage}: ${o.error}`);
      }
      if (o.offline && o.node) offline.add(o.node);
    }
    const items = o.items ?? previous.get(o.read.key);
    if (!items) continue;
    known.set(o.read.key, items);
    for (const item of items) {
      if (item.content !== 'iso' && !/\.(iso|img)$/i.test(item.volid)) continue;
      let entry = byVolid.get(item.volid);
      if (!entry) {
        entry = { item, storage: o.read.storage, shared: o.read.shared, nodes: new Set() };
        byVolid.set(item.volid, entry);
      }
      for (const n of o.read.servedNodes) {
        entry.nodes.add(n);
        let set = perNode.get(n);
        if (!set) perNode.set(n, (set = new Set()));
        set.add(item.volid);
      }
    }
  }

  const isos: Iso[] = [...byVolid.values()]
    .map(({ item, storage, shared, nodes: ns }) => {
      const list = [...ns].sort();
      const first = list.find((n) => !offline.has(n)) ?? list[0] ?? '';
      const name = item.volid.replace(/^[^:]*:iso\//, '');
      const hint = guessOsType(name);
      return {
        volid: item.volid,
        name,
        size: Math.max(0, Math.trunc(item.size ?? 0)),
        node: first,
        storage,
        shared,
        nodes: list,
        ...(item.ctime !== undefined ? { ctime: item.ctime } : {}),
        ...(hint !== undefined ? { os_hint: hint } : {}),
      };
    })
    .sort((a, b) => BY_NAME.compare(a.name, b.name));

  const scans: NodeScan[] = nodes
    .map((n) => n.node as string)
    .sort()
    .map((node) => {
      const status: NodeScan['status'] = offline.has(node)
        ? 'offline'
        : errors.has(node)
          ? 'error'
          : 'ok';
      const error = offline.has(node)
        ? (errors.get(node) ?? 'node is offline; ISOs last seen there are kept')
        : errors.get(node);
      return { node, status, iso_count: perNode.get(node)?.size ?? 0, ...(error ? { error } : {}) };
    });
  return { isos, scans, known };
}
