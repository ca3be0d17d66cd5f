import type { Iso, IsoTarget, IsoUse, NodeScan } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { stepError } from '../errors/builder-error.js';
import { isVirtioIso, virtioByNode, virtioVersion } from '../virtio/choose.js';
import { readPermissions } from './add-checks.js';
import { isoTargets } from './targets.js';

export interface LibraryEntry extends Iso {
  used_by: IsoUse[];
  virtio: boolean;
}

export interface IsoLibraryView {
  isos: LibraryEntry[];
  targets: IsoTarget[];
  nodes: NodeScan[];
  virtio: {
    nodes: Array<{ node: string; volid?: string; version?: string }>;
    source: { url: string; sha256?: string; filename: string };
    pinned: boolean;
  };
  /** VMs whose config could not be read (their ISO use is unknown). */
  unread: Array<{ vmid: number; node: string; error: string }>;
  fetched_at: number;
}

/** The ISO library: the inventory the builder uses, with who uses what and where ISOs can go. */
export async function readLibrary(env: EngineEnv, refresh = false): Promise<IsoLibraryView> {
  const [listing, refs, map] = await Promise.all([
    env.inventory.list(refresh),
    env.references.read(refresh),
    readPermissions(env),
  ]).catch((err: unknown) => {
    throw stepError('list-isos', 'Reading the ISO library failed', err);
  });
  const isos = listing.isos.map((iso) => ({
    ...iso,
    used_by: (refs.uses.get(iso.volid) ?? []).filter(
      (u) => iso.shared || iso.nodes.includes(u.node),
    ),
    virtio: isVirtioIso(iso.name),
  }));
  const pinnedName = env.virtioPin.pinned ? env.virtio.filename() : undefined;
  const chosen = virtioByNode(listing.isos, pinnedName);
  const online = listing.nodeResources
    .filter((n) => n.status === 'online' && n.node)
    .map((n) => n.node as string)
    .sort();
  const virtioNodes = online.map((node) => {
    const volid = chosen.get(node);
    const version = volid ? virtioVersion(volid)?.join('.') : undefined;
    return {
      node,
      ...(volid ? { volid } : {}),
      ...(volid ? { version: version ?? 'unversioned file name' } : {}),
    };
  });
  const { url, sha256 } = env.cluster.virtio;
  return {
    isos,
    targets: isoTargets(listing.storageResources, listing.nodeResources, map),
    nodes: listing.nodes,
    virtio: {
      nodes: virtioNodes,
      source: { url, ...(sha256 ? { sha256 } : {}), filename: env.virtio.filename() },
      pinned: env.virtioPin.pinned,
    },
    unread: refs.unread,
    fetched_at: listing.fetched_at,
  };
}
