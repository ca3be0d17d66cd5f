import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { readPermissions } from './add-checks.js';
import { targetProblems } from './targets.js';

export interface IsoRemoveInput {
  storage: string;
  name: string;
  node?: string | undefined;
  /**
   * The caller's permission check, run once the ISO is located and before anything is removed
   * (the API's rule: admins, or whoever added it); throwing refuses the removal.
   */
  authorise?: (found: LocatedIso) => void;
}

/** Where the ISO to remove lives. */
export interface LocatedIso {
  volid: string;
  node: string;
  shared: boolean;
}

export interface IsoRemoveOutcome {
  volid: string;
  node: string;
  upid?: string;
}

const describeVm = (u: { vmid: number; name?: string; template: boolean }): string =>
  `${u.template ? 'template' : 'VM'} ${u.vmid}${u.name ? ` (${u.name})` : ''}`;

/** Which ISO a removal means: the node matters only for a node-local storage. */
export async function locateIso(env: EngineEnv, p: IsoRemoveInput) {
  const volid = `${p.storage}:iso/${p.name}`;
  const listing = await env.inventory.list(true);
  const matches = listing.isos.filter(
    (i) => i.volid === volid && (p.node === undefined || i.nodes.includes(p.node)),
  );
  if (matches.length === 0) {
    throw new BuilderError(404, `ISO ${volid} not found${p.node ? ` on node ${p.node}` : ''}`, {
      step: 'remove-iso',
    });
  }
  if (matches.length > 1 && p.node === undefined) {
    throw new BuilderError(
      409,
      `${volid} exists on several nodes (${matches.map((m) => m.node).join(', ')}): say which node`,
      { step: 'remove-iso', details: { nodes: matches.map((m) => m.node) } },
    );
  }
  const iso = matches[0]!;
  return { volid, iso, node: p.node ?? iso.node };
}

/**
 * Removes an ISO, but never one a VM or template still references (PVE's DELETE would remove it
 * regardless and leave those VMs unbootable), nor while a VM that could reference it cannot be
 * read. Needs Datastore.Allocate on the storage; the `imgdel` task is waited for.
 */
export async function removeIso(env: EngineEnv, p: IsoRemoveInput): Promise<IsoRemoveOutcome> {
  // The fresh reference scan (every VM config) runs while the ISO is located, not after it;
  // a failed locate still answers first.
  const reading = env.references.read(true);
  reading.catch(() => undefined);
  const { volid, iso, node } = await locateIso(env, p);
  p.authorise?.({ volid, node, shared: iso.shared });
  const refs = await reading;
  const readers = (n: string) => iso.shared || iso.nodes.includes(n);
  const uses = (refs.uses.get(volid) ?? []).filter((u) => readers(u.node));
  if (uses.length > 0) {
    throw new BuilderError(
      409,
      `${iso.name} is still used by ${uses.map(describeVm).join(', ')}: remove it from their CD/DVD drive first`,
      { step: 'remove-iso', details: { used_by: uses } },
    );
  }
  const unread = refs.unread.filter((u) => readers(u.node));
  if (unread.length > 0) {
    throw new BuilderError(
      409,
      `${iso.name} is kept: LabForge cannot read ${unread.map((u) => `VM ${u.vmid} on ${u.node}`).join(', ')}, which might use it`,
      { step: 'remove-iso', details: { unread } },
    );
  }
  const problem = targetProblems(await readPermissions(env), p.storage, [node]).remove;
  if (problem)
    throw new BuilderError(403, `${problem}. Ask a Proxmox administrator to grant it.`, {
      step: 'remove-iso',
    });
  try {
    const upid = await env.client.storageFiles.deleteVolume({
      node,
      storage: p.storage,
      volume: volid,
    });
    if (upid) await env.client.tasks.wait(upid);
    return { volid, node, ...(upid ? { upid } : {}) };
  } catch (err) {
    throw stepError('remove-iso', `Removing ${volid} failed`, err);
  } finally {
    env.invalidateLibrary();
  }
}
