import {
  isVirtioIsoName,
  type ClusterNode,
  type Iso,
  type IsoListResponse,
} from '@labforge/contracts';

export interface IsoEntry {
  /** Unique per choice: the same volid on two nodes' local storage is two different files. */
  key: string;
  iso: Iso;
  /** The node the file lives on, or null when it sits on shared storage. */
  node: string | null;
  /** Nodes that can boot from it. */
  nodes: string[];
}

export interface IsoGroup {
  key: string;
  storage: string;
  shared: boolean;
  nodes: string[];
  entries: IsoEntry[];
}

export type NodeScanState = 'loading' | 'ok' | 'offline' | 'error';

export interface NodeSection {
  node: string;
  state: NodeScanState;
  message?: string;
  groups: IsoGroup[];
}

export interface IsoCatalogue {
  nodes: NodeSection[];
  shared: IsoGroup[];
  entries: IsoEntry[];
}

export interface NodeAnswer {
  node: ClusterNode;
  data?: IsoListResponse;
  error?: Error | null;
  pending: boolean;
}

export function entryKey(volid: string, node: string | null): string {
  return node === null ? `shared|${volid}` : `${node}|${volid}`;
}

/**
 * Merges the per-node answers as they arrive: node-local ISOs under their node and storage,
 * and each shared storage once, with every node that reported it.
 */
export function buildIsoCatalogue(answers: readonly NodeAnswer[]): IsoCatalogue {
  const shared = new Map<string, IsoGroup>();
  const sharedEntries = new Map<string, IsoEntry>();
  const sections: NodeSection[] = answers.map(({ node, data, error, pending }) => {
    const name = node.node;
    if (node.status === 'offline') return { node: name, state: 'offline', groups: [] };
    if (error) return { node: name, state: 'error', message: error.message, groups: [] };
    if (pending || !data) return { node: name, state: 'loading', groups: [] };
    const scan = data.nodes.find((n) => n.node === name);
    if (scan && scan.status !== 'ok') {
      const state = scan.status === 'offline' ? 'offline' : 'error';
      return { node: name, state, message: scan.error, groups: [] };
    }
    const local = new Map<string, IsoGroup>();
    for (const iso of data.isos) {
      // The Windows drivers ISO is attached by the builder, never installed from.
      if (isVirtioIsoName(iso.name)) continue;
      if (iso.shared) {
        addShared(shared, sharedEntries, iso, name);
        continue;
      }
      const group = local.get(iso.storage) ?? {
        key: `${name}|${iso.storage}`,
        storage: iso.storage,
        shared: false,
        nodes: [name],
        entries: [],
      };
      local.set(iso.storage, group);
      group.entries.push({ key: entryKey(iso.volid, name), iso, node: name, nodes: [name] });
    }
    return { node: name, state: 'ok', groups: sortGroups([...local.values()]) };
  });
  const sharedGroups = sortGroups([...shared.values()]);
  const entries = [
    ...sections.flatMap((s) => s.groups.flatMap((g) => g.entries)),
    ...sharedGroups.flatMap((g) => g.entries),
  ];
  return { nodes: sections, shared: sharedGroups, entries };
}

function addShared(
  groups: Map<string, IsoGroup>,
  entries: Map<string, IsoEntry>,
  iso: Iso,
  from: string,
): void {
  const group = groups.get(iso.storage) ?? {
    key: `shared|${iso.storage}`,
    storage: iso.storage,
    shared: true,
    nodes: [],
    entries: [],
  };
  groups.set(iso.storage, group);
  const readers = [...new Set([...iso.nodes, from])];
  group.nodes = [...new Set([...group.nodes, ...readers])].sort();
  const existing = entries.get(iso.volid);
  if (existing) {
    existing.nodes = [...new Set([...existing.nodes, ...readers])].sort();
    return;
  }
  const entry: IsoEntry = {
    key: entryKey(iso.volid, null),
    iso,
    node: null,
    nodes: readers.sort(),
  };
  entries.set(iso.volid, entry);
  group.entries.push(entry);
}

function sortGroups(groups: IsoGroup[]): IsoGroup[] {
  for (const group of groups) group.entries.sort((a, b) => a.iso.name.localeCompare(b.iso.name));
  return groups.sort((a, b) => a.storage.localeCompare(b.storage));
}

/** Case-insensitive search on file name and volume id; keeps the grouping. */
export function filterGroups(groups: readonly IsoGroup[], search: string): IsoGroup[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [...groups];
  return groups
    .map((g) => ({
      ...g,
      entries: g.entries.filter(
        (e) =>
          e.iso.name.toLowerCase().includes(needle) || e.iso.volid.toLowerCase().includes(needle),
      ),
    }))
    .filter((g) => g.entries.length > 0);
}
