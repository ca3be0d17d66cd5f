import type { StoredUser } from '../db/users.js';
import type { AppContext } from '../context.js';
import type { IsoProvenance } from '../db/iso-provenance.js';
import { ApiError } from '../http/api-error.js';

/** Who may add ISOs to a cluster's library: admins always; teachers when `iso_library.add` says so. */
export function addPolicy(ctx: AppContext, clusterId: string): 'admins' | 'teachers' {
  return ctx.config.clusters.find((c) => c.id === clusterId)?.iso_library.add ?? 'teachers';
}

export function mayAddIsos(
  ctx: AppContext,
  user: StoredUser,
  clusterId: string,
): { ok: boolean; reason?: string } {
  if (user.role === 'admin') return { ok: true };
  if (user.role === 'teacher' && addPolicy(ctx, clusterId) === 'teachers') return { ok: true };
  return { ok: false, reason: 'In this cluster only administrators may add ISOs.' };
}

export function authoriseIsoAdd(ctx: AppContext, user: StoredUser, clusterId: string): void {
  const may = mayAddIsos(ctx, user, clusterId);
  if (!may.ok) {
    ctx.audit.record({
      actor: user.username,
      action: 'iso-add',
      target: clusterId,
      outcome: 'error',
      detail: may.reason ?? '',
    });
    throw new ApiError(403, may.reason ?? 'you may not add ISOs');
  }
}

/** Admins may remove any ISO; a teacher only one LabForge recorded as added by them. */
export function mayRemoveIso(user: StoredUser, provenance: IsoProvenance | undefined): boolean {
  return (
    user.role === 'admin' || (provenance !== undefined && provenance.addedBy === user.username)
  );
}
