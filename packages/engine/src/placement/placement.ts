import type { Iso, Placement } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import { BuilderError } from '../errors/builder-error.js';
import { formatGiB } from '../util/sizes.js';

/** Storage types that overcommit: a disk larger than the free space is a warning there. */
const THIN_TYPES = new Set(['lvmthin', 'rbd']);

export function isThin(plugintype: string | undefined): boolean {
  return THIN_TYPES.has(plugintype ?? '');
}

export interface PlacementFacts {
  iso: Iso | undefined;
  isoFile: string;
  nodes: ClusterResource[];
  storages: ClusterResource[];
  /** Bridges per node that was asked; an Error when listing them failed. */
  bridges: Map<string, string[] | Error>;
  bridge: string;
  /** Requested storage; undefined = the best images storage of each node. */
  storage: string | undefined;
  neededBytes: number;
  memoryBytes: number;
  explicitNode: string | undefined;
  /** Windows: nodes that can read a virtio ISO (volid per node); explicit = must be readable. */
  virtio?: { readable: Map<string, string>; explicit?: string };
  /** Memory already promised to VMs placed by the same bulk build, per node. */
  plannedMemory?: Map<string, number>;
}

export interface ChosenStorage {
  storage: string;
  type: string;
  avail: number;
  thin: boolean;
  shared: boolean;
}

export interface NodeVerdict {
  node: string;
  reasons: string[];
  warnings: string[];
  storage?: ChosenStorage;
  freeMemory: number;
  virtioVolid?: string;
  /** Only the storage space was missing (for the storage-full error). */
  onlySpace?: boolean;
}

export interface PlacementDecision {
  placement: Placement;
  chosen: NodeVerdict & { storage: ChosenStorage };
  warnings: string[];
}

function avail(s: ClusterResource): number {
  return Math.max(0, (s.maxdisk ?? 0) - (s.disk ?? 0));
}

function judgeStorage(node: string, f: PlacementFacts, v: NodeVerdict): void {
  const onNode = f.storages.filter((s) => s.node === node && s.storage);
  const images = (s: ClusterResource) => (s.content ?? '').split(',').includes('images');
  if (f.storage !== undefined) {
    const s = onNode.find((x) => x.storage === f.storage);
    if (!s) return void v.reasons.push(`storage '${f.storage}' is not available on this node`);
    if (!images(s)) return void v.reasons.push(`storage '${f.storage}' does not support VM images`);
    const chosen = toChosen(s);
    if (chosen.avail < f.neededBytes) {
      // A thin pool overcommits, but one with nothing left cannot create a volume at all
      // (lvcreate: "Cannot create new thin volume, free space in thin pool ... reached threshold").
      if (!chosen.thin || chosen.avail <= 0) {
        v.onlySpace = true;
        v.reasons.push(
          `storage '${chosen.storage}' has ${formatGiB(chosen.avail)} free, ${formatGiB(f.neededBytes)} needed`,
        );
        v.storage = chosen;
        return;
      }
      v.warnings.push(
        `thin pool '${chosen.storage}' on ${node} has ${formatGiB(chosen.avail)} free for a ${formatGiB(f.neededBytes)} disk: it overcommits, watch its usage`,
      );
    }
    v.storage = chosen;
    return;
  }
  const fitting = onNode
    .filter(images)
    .map(toChosen)
    .filter((s) => (s.thin && s.avail > 0) || s.avail >= f.neededBytes)
    .sort((a, b) => b.avail - a.avail);
  if (fitting[0]) v.storage = fitting[0];
  else v.reasons.push(`no storage with VM images content and ${formatGiB(f.neededBytes)} free`);
}

function toChosen(s: ClusterResource): ChosenStorage {
  return {
    storage: s.storage as string,
    type: s.plugintype ?? 'unknown',
    avail: avail(s),
    thin: isThin(s.plugintype),
    shared: s.shared === 1,
  };
}

export function judgeNode(n: ClusterResource, f: PlacementFacts): NodeVerdict {
  const node = n.node as string;
  const planned = f.plannedMemory?.get(node) ?? 0;
  const v: NodeVerdict = {
    node,
    reasons: [],
    warnings: [],
    freeMemory: (n.maxmem ?? 0) - (n.mem ?? 0) - planned,
  };
  if (n.status !== 'online') v.reasons.push('node is offline');
  if (!f.iso?.nodes.includes(node)) v.reasons.push(`cannot read ISO ${f.isoFile}`);
  if (f.virtio?.explicit !== undefined) {
    if (f.virtio.readable.has(node)) v.virtioVolid = f.virtio.explicit;
    else v.reasons.push(`cannot read VirtIO ISO ${f.virtio.explicit}`);
  } else if (f.virtio) {
    v.virtioVolid = f.virtio.readable.get(node);
  }
  if (v.reasons.length > 0) return v;
  judgeStorage(node, f, v);
  const bridges = f.bridges.get(node);
  if (bridges instanceof Error) {
    v.onlySpace = false;
    v.reasons.push(`its bridges could not be listed: ${bridges.message}`);
  } else if (bridges && !bridges.includes(f.bridge)) {
    v.onlySpace = false;
    v.reasons.push(`bridge '${f.bridge}' does not exist`);
  }
  if (v.freeMemory < f.memoryBytes && v.reasons.length === 0) {
    v.warnings.push(`${node} has less free memory than the VM's ${formatGiB(f.memoryBytes)}`);
  }
  return v;
}

/** Explainable choice among the nodes; throws the specification's errors when none fits. */
export function decidePlacement(f: PlacementFacts): PlacementDecision {
  if (!f.iso)
    throw new BuilderError(404, 'ISO file not found on any node', {
      step: 'resolve-iso',
      details: { iso_file: f.isoFile },
    });
  const verdicts = f.nodes.filter((n) => n.node).map((n) => judgeNode(n, f));
  let pool = verdicts.filter((v) => v.reasons.length === 0);
  if (f.explicitNode !== undefined) {
    const mine = verdicts.find((v) => v.node === f.explicitNode);
    if (!mine)
      throw new BuilderError(404, `Node '${f.explicitNode}' is not part of this cluster`, {
        step: 'place',
      });
    if (mine.reasons.length > 0)
      throw refusal([mine], f, `Node '${mine.node}' cannot host this VM`);
    pool = [mine];
  }
  if (pool.length === 0)
    throw refusal(
      verdicts.filter((v) => f.iso?.nodes.includes(v.node)),
      f,
      'No node can host this VM',
    );
  // Windows: a node that can already read a driver ISO beats one that would have to download it.
  const withVirtio =
    f.virtio && f.virtio.explicit === undefined ? pool.filter((v) => v.virtioVolid) : [];
  const preferred = withVirtio.length > 0 ? withVirtio : pool;
  const ranked = [...preferred].sort(
    (a, b) => b.freeMemory - a.freeMemory || a.node.localeCompare(b.node),
  );
  const chosen = ranked[0] as PlacementDecision['chosen'];
  const rejected = verdicts
    .filter((v) => v !== chosen && !ranked.includes(v))
    .map((v) => ({
      node: v.node,
      reasons:
        v.reasons.length > 0
          ? v.reasons
          : ['a node that can already read a VirtIO ISO was preferred'],
    }));
  const why: string[] = [];
  if (f.explicitNode !== undefined) why.push('requested explicitly');
  else if (f.iso.shared) why.push(`ISO is on shared storage ${f.iso.storage}`);
  else if (f.iso.nodes.length > 1) why.push(`ISO exists on ${f.iso.nodes.length} nodes`);
  else why.push('the only node holding the ISO');
  if (ranked.length > 1)
    why.push(`most free memory (${formatGiB(chosen.freeMemory)}) of ${ranked.length} candidates`);
  if (withVirtio.length > 0 && f.explicitNode === undefined)
    why.push(`can read ${chosen.virtioVolid}`);
  why.push(`storage ${chosen.storage.storage} has ${formatGiB(chosen.storage.avail)} free`);
  return {
    placement: {
      node: chosen.node,
      reason: `${chosen.node}: ${why.join('; ')}`,
      candidates: ranked.map((v) => v.node),
      rejected,
    },
    chosen,
    warnings: chosen.warnings,
  };
}

function refusal(verdicts: NodeVerdict[], f: PlacementFacts, lead: string): BuilderError {
  const full = verdicts
    .filter((v) => v.onlySpace && v.storage && v.reasons.length === 1)
    .sort((a, b) => (b.storage?.avail ?? 0) - (a.storage?.avail ?? 0))[0];
  if (full?.storage) {
    return new BuilderError(
      507,
      `Storage '${full.storage.storage}' on node '${full.node}' is full: ${formatGiB(full.storage.avail)} available, ${formatGiB(f.neededBytes)} needed`,
      {
        step: 'place',
        details: {
          storage: full.storage.storage,
          node: full.node,
          avail_bytes: full.storage.avail,
          needed_bytes: f.neededBytes,
        },
      },
    );
  }
  const text = verdicts.map((v) => `${v.node}: ${v.reasons.join(', ')}`).join('; ');
  return new BuilderError(422, `${lead}: ${text || 'no node qualifies'}`, {
    step: 'place',
    details: { rejected: verdicts.map((v) => ({ node: v.node, reasons: v.reasons })) },
  });
}
