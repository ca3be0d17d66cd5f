import type { ResourcePool } from '@labforge/contracts';
import type { PveClient } from '@labforge/pve-client';
import { stepError } from '../errors/builder-error.js';

/**
 * The resource pools a class may be put in. PVE's GET /pools answers every caller, but lists only
 * the pools with `Pool.Audit` on `/pool/<poolid>`: a token without it on `/pool` (or `/`) may see
 * fewer pools than there are, so the answer says whether the list is `complete` (a form then
 * lets the pool be typed). A pool hidden by a narrower ACL below a `/pool` grant is not detected.
 */
export async function listPools(
  client: PveClient,
): Promise<{ pools: ResourcePool[]; complete: boolean }> {
  let pools: ResourcePool[];
  try {
    pools = await client.pools.list();
  } catch (err) {
    throw stepError('list-pools', 'Listing the Proxmox pools failed', err);
  }
  let complete = false;
  try {
    // Asked for `/pool` itself: PVE answers the effective set there, inheritance resolved, each
    // privilege with its propagate flag. Only a propagating Pool.Audit reaches /pool/<poolid>.
    const atPool = (await client.access.permissions('/pool'))['/pool'];
    complete = Number(atPool?.['Pool.Audit']) === 1;
  } catch {
    // Unknown: the list may be missing pools.
  }
  return { pools: [...pools].sort((a, b) => a.poolid.localeCompare(b.poolid)), complete };
}
