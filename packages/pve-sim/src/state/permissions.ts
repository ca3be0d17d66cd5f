import { permError } from '../http/errors.js';
import type { ClusterState } from './cluster.js';
import { ALL_PRIVILEGES } from './roles.js';
import type { Identity } from './types.js';

/**
 * Privileges an ACL subject (user or token id) has on a path, deepest matching level winning,
 * each with its propagate flag as GET /access/permissions reports it: an ACL on the path itself
 * without propagate gives the privilege here with flag 0; one inherited from above always
 * propagates (1), or it would not have reached this path.
 */
export function aclGrants(c: ClusterState, ugid: string, path: string): Map<string, boolean> {
  const parts = path.split('/').filter(Boolean);
  const prefixes = ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
  let current = new Map<string, boolean>();
  prefixes.forEach((prefix, i) => {
    const last = i === prefixes.length - 1;
    const entries = c.acl.filter(
      (a) => a.ugid === ugid && normalize(a.path) === prefix && (a.propagate || last),
    );
    if (entries.length === 0) return;
    const next = new Map<string, boolean>();
    for (const e of entries)
      for (const p of c.roles.get(e.role) ?? []) next.set(p, next.get(p) === true || e.propagate);
    current = next;
  });
  return current;
}

function normalize(path: string): string {
  const p = `/${path.split('/').filter(Boolean).join('/')}`;
  return p;
}

/** root@pam has every privilege everywhere, propagating. */
const ROOT_GRANTS: ReadonlyMap<string, boolean> = new Map(ALL_PRIVILEGES.map((p) => [p, true]));

export function isRoot(id: Identity): boolean {
  return id.userid === 'root@pam' && !id.tokenid;
}

/**
 * Effective privileges (privilege -> propagates), incl. the privsep intersection for tokens
 * (pve-access-control RPCEnvironment): a privilege-separated token gets the intersection with
 * its user's, propagating only where both do.
 */
export function effectivePrivileges(
  c: ClusterState,
  id: Identity,
  path: string,
): ReadonlyMap<string, boolean> {
  const userGrants = id.userid === 'root@pam' ? ROOT_GRANTS : aclGrants(c, id.userid, path);
  if (!id.tokenid) return userGrants;
  const full = `${id.userid}!${id.tokenid}`;
  const token = c.tokens.get(full);
  if (!token || !token.privsep) return userGrants;
  const tokenGrants = aclGrants(c, full, path);
  if (id.userid === 'root@pam') return tokenGrants;
  const both = new Map<string, boolean>();
  for (const [p, propagate] of tokenGrants) {
    const user = userGrants.get(p);
    if (user !== undefined) both.set(p, propagate && user);
  }
  return both;
}

export function hasPriv(c: ClusterState, id: Identity, path: string, priv: string): boolean {
  return effectivePrivileges(c, id, path).has(priv);
}

export function hasAnyPriv(c: ClusterState, id: Identity, path: string, privs: string[]): boolean {
  const eff = effectivePrivileges(c, id, path);
  return privs.some((p) => eff.has(p));
}

/** check => ['perm', path, [privs]] (all required); reports the first missing one. */
export function requirePrivs(c: ClusterState, id: Identity, path: string, privs: string[]): void {
  const eff = effectivePrivileges(c, id, path);
  const missing = privs.find((p) => !eff.has(p));
  if (missing !== undefined) throw permError(`${path}, ${missing}`);
}

/** check => ['perm', path, [privs], any => 1]. */
export function requireAnyPriv(c: ClusterState, id: Identity, path: string, privs: string[]): void {
  if (!hasAnyPriv(c, id, path, privs)) throw permError(`${path}, ${privs.join('|')}`);
}
