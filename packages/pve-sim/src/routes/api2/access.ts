import { PveError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, str } from '../../http/route.js';
import type { Simulator } from '../../simulator.js';
import { effectivePrivileges, isRoot } from '../../state/permissions.js';
import { identityName, type Identity } from '../../state/types.js';

const CAP_PATHS: Record<string, [string, string[]]> = {
  vms: ['/vms', ['VM.']],
  storage: ['/storage', ['Datastore.']],
  access: ['/access', ['User.', 'Group.', 'Realm.', 'Permissions.']],
  nodes: ['/nodes', ['Sys.']],
  sdn: ['/sdn', ['SDN.']],
  dc: ['/', ['Sys.Audit', 'Sys.Modify', 'SDN.', 'Mapping.']],
  mapping: ['/mapping', ['Mapping.']],
};

function caps(s: Simulator, id: Identity): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [cat, [path, prefixes]] of Object.entries(CAP_PATHS)) {
    const privs = effectivePrivileges(s.state, id, path);
    out[cat] = Object.fromEntries(
      [...privs.keys()].filter((p) => prefixes.some((x) => p.startsWith(x))).map((p) => [p, 1]),
    );
  }
  return out;
}

function authFailure(): PveError {
  return new PveError(401, 'authentication failure\n');
}

function createTicket(ctx: RouteContext): unknown {
  const s = ctx.sim;
  let username = str(ctx.params.username) ?? '';
  const realm = str(ctx.params.realm);
  if (realm && !username.includes('@')) username = `${username}@${realm}`;
  const password = str(ctx.params.password) ?? '';
  const user = s.state.users.get(username);
  const now = s.now();
  if (!user || !user.enable || (user.expire !== 0 && user.expire <= now)) throw authFailure();
  const renewedFor = password.startsWith('PVE:') ? s.signer.verifyTicket(password) : undefined;
  const ok =
    renewedFor !== undefined
      ? renewedFor === username || renewedFor === 'root@pam'
      : user.password !== undefined && user.password === password;
  if (!ok) throw authFailure();
  const id: Identity = { userid: username, viaTicket: true };
  const { ticket, csrf } = s.signer.issue(username);
  const data: Record<string, unknown> = {
    username,
    ticket,
    CSRFPreventionToken: csrf,
    cap: caps(s, id),
  };
  if (s.state.clusterName && effectivePrivileges(s.state, id, '/').has('Sys.Audit'))
    data.clustername = s.state.clusterName;
  return data;
}

/** `userid` may name a user or a token (user@realm!id); default: the caller. */
function subject(ctx: RouteContext): Identity {
  const userid = str(ctx.params.userid);
  if (!userid) return ctx.id;
  const [user = '', tokenid] = userid.split('!');
  return tokenid === undefined
    ? { userid: user, viaTicket: false }
    : { userid: user, tokenid, viaTicket: false };
}

function permissions(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const path = str(ctx.params.path);
  const paths = path
    ? [path]
    : [
        ...new Set([
          '/',
          '/access',
          '/nodes',
          '/storage',
          '/vms',
          '/sdn',
          '/pool',
          ...s.state.acl.map((a) => a.path),
        ]),
      ];
  const who = subject(ctx);
  const out: Record<string, Record<string, number>> = {};
  for (const p of paths.sort()) {
    const grants = effectivePrivileges(s.state, who, p);
    if (grants.size > 0 || path)
      out[p] = Object.fromEntries(
        [...grants.keys()].sort().map((x) => [x, grants.get(x) === true ? 1 : 0]),
      );
  }
  return out;
}

export const accessRoutes: ApiRoute[] = [
  { method: 'GET', path: '/access/ticket', handler: () => null },
  { method: 'POST', path: '/access/ticket', handler: createTicket },
  {
    method: 'GET',
    path: '/access/permissions',
    check: (ctx) => {
      const userid = str(ctx.params.userid);
      // Own permissions (and a user's own tokens') are always readable; others need Sys.Audit on /access.
      const own =
        userid === identityName(ctx.id) ||
        (!ctx.id.tokenid && userid?.split('!')[0] === ctx.id.userid);
      if (userid && !own && !isRoot(ctx.id)) {
        if (!effectivePrivileges(ctx.sim.state, ctx.id, '/access').has('Sys.Audit'))
          throw new PveError(403, 'Permission check failed\n');
      }
    },
    handler: permissions,
  },
];
