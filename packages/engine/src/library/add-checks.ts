import { isoNameProblem, type Iso, type IsoTarget } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import type { PermissionMap } from '../preflight/privileges.js';
import { formatBytes } from '../util/sizes.js';
import { chooseTarget, isoTargets } from './targets.js';

export interface AddPlan {
  target: IsoTarget;
  node: string;
  volid: string;
  filename: string;
}

export async function readPermissions(env: EngineEnv): Promise<PermissionMap | undefined> {
  try {
    return await env.client.access.permissions();
  } catch {
    return undefined;
  }
}

/** What an add is checked against: a fresh ISO listing (storages, files) and the privileges. */
export interface AddFacts {
  listing: Awaited<ReturnType<EngineEnv['inventory']['list']>>;
  map: PermissionMap | undefined;
}

export async function readAddFacts(env: EngineEnv, step?: string): Promise<AddFacts> {
  const [listing, map] = await Promise.all([
    env.inventory.list(true).catch((err: unknown) => {
      throw stepError(step ?? 'list-isos', 'Reading the ISO storages failed', err);
    }),
    readPermissions(env),
  ]);
  return { listing, map };
}

/**
 * Where an ISO would go, and every reason it cannot, before a byte is sent to Proxmox. `facts`:
 * a listing read moments ago for the same add (a download checks twice: before and after the
 * node asked the server for the name and size), else read fresh here.
 */
export async function planAdd(
  env: EngineEnv,
  want: {
    action: 'upload' | 'download';
    storage?: string | undefined;
    node?: string | undefined;
    /** Undefined: only choose the target (the name is not known yet). */
    filename?: string | undefined;
    size?: number | undefined;
    step?: string;
  },
  facts?: AddFacts,
): Promise<AddPlan> {
  const step = want.step;
  const opts = step ? { step } : {};
  const problem = want.filename === undefined ? undefined : isoNameProblem(want.filename);
  if (problem && want.filename !== undefined)
    throw new BuilderError(400, `${want.filename}: ${problem}`, {
      ...opts,
      details: { fields: { filename: problem } },
    });
  const { listing, map } = facts ?? (await readAddFacts(env, step));
  const targets = isoTargets(listing.storageResources, listing.nodeResources, map);
  const target = chooseTarget(targets, want);
  if (!target) {
    const where = [
      want.storage ? `storage ${want.storage}` : 'any storage',
      want.node ? `on node ${want.node}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    throw new BuilderError(
      404,
      `No ISO storage found for ${where}: an ISO needs a file-based storage with 'ISO image' content that is enabled and on an online node`,
      { ...opts, details: { targets: targets.map((t) => t.storage) } },
    );
  }
  const refusal = want.action === 'upload' ? target.upload_problem : target.download_problem;
  if (refusal)
    throw new BuilderError(403, `${refusal}. Ask a Proxmox administrator to grant it.`, opts);
  const node = want.node ?? target.nodes[0] ?? '';
  if (want.filename === undefined) return { target, node, volid: '', filename: '' };
  const volid = `${target.storage}:iso/${want.filename}`;
  const existing = listing.isos.find(
    (i) => i.volid === volid && (target.shared || i.nodes.includes(node)),
  );
  if (existing) {
    throw new BuilderError(
      409,
      `${existingText(existing)}. Proxmox would replace it: choose another name, or remove the existing file first.`,
      {
        ...opts,
        details: { existing },
      },
    );
  }
  if (want.size !== undefined && want.size > target.avail) {
    throw new BuilderError(
      507,
      `Not enough space on ${target.storage}: the file needs ${formatBytes(want.size)}, the storage has ${formatBytes(target.avail)} free`,
      { ...opts, details: { size: want.size, avail: target.avail } },
    );
  }
  return { target, node, volid, filename: want.filename };
}

function existingText(iso: Iso): string {
  const when = iso.ctime
    ? `, added ${new Date(iso.ctime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : '';
  const where = iso.shared ? `shared storage ${iso.storage}` : `${iso.storage} on ${iso.node}`;
  return `An ISO named ${iso.name} already exists on ${where} (${formatBytes(iso.size)}${when})`;
}
