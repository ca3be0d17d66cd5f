import type { Access } from '@labforge/contracts';
import { BUILDER_ROLES } from '@labforge/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../auth/secrets.js';
import type { AppContext } from '../context.js';
import type { Session } from '../db/sessions.js';
import type { StoredUser } from '../db/users.js';
import { ApiError } from '../http/api-error.js';

export const SESSION_COOKIE = 'labforge_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface RequestAuth {
  user: StoredUser;
  via: 'cookie' | 'bearer';
  session?: Session;
  /** The personal API token's id, for bearer callers. */
  tokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: RequestAuth;
    /** The cluster a request works on, once resolved (for error messages and logs). */
    clusterId?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: a Bearer API token, else the session cookie. Never throws for anonymous. */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (typeof header === 'string' && /^bearer\s/i.test(header)) {
      const token = ctx.tokens.authenticate(header.slice(7).trim());
      const user = token ? ctx.users.byId(token.userId) : undefined;
      // A bad token is an error, not anonymous access: integrators must learn at once.
      if (!token || !user || user.disabled) throw new ApiError(401, 'invalid or revoked API token');
      req.auth = { user, via: 'bearer', tokenId: token.tokenId };
      return;
    }
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return;
    const session = ctx.sessions.find(unsigned.value);
    const user = session ? ctx.users.byId(session.userId) : undefined;
    if (session && user && !user.disabled) req.auth = { user, via: 'cookie', session };
  });
}

/** The route-level gate: 401 for anonymous, 403 for a missing CSRF token or a too-weak role. */
export function requireAccess(access: Access) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (access === 'public') return;
    const auth = req.auth;
    if (!auth) throw new ApiError(401, 'authentication required: sign in or send an API token');
    if (auth.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !auth.session || !safeEqual(sent, auth.session.csrfToken)) {
        throw new ApiError(403, 'CSRF token missing or invalid: send the x-csrf-token header', {
          fields: { [CSRF_HEADER]: 'missing or invalid' },
        });
      }
    }
    if (access === 'builder' && !BUILDER_ROLES.includes(auth.user.role)) {
      throw new ApiError(403, 'only teachers and administrators can use the VM builder');
    }
    if (access === 'admin' && auth.user.role !== 'admin') {
      throw new ApiError(403, 'only administrators can do this');
    }
  };
}

/**
 * Whether the credentials a request came with still hold: the session or token not revoked, the
 * user not disabled. Long-lived connections (event streams, consoles) call it as they go, so a
 * logout or a revocation ends them too.
 */
export function stillAuthorised(ctx: AppContext, auth: RequestAuth): boolean {
  const user = ctx.users.byId(auth.user.id);
  if (!user || user.disabled) return false;
  if (auth.via === 'cookie') return auth.session ? ctx.sessions.isLive(auth.session.idHash) : false;
  return auth.tokenId ? ctx.tokens.isLive(auth.tokenId) : false;
}

export function currentUser(req: FastifyRequest): StoredUser {
  if (!req.auth) throw new ApiError(401, 'authentication required: sign in or send an API token');
  return req.auth.user;
}

/** The cluster for this request: explicit parameter, else the session's choice, else the default. */
export function resolveCluster(req: FastifyRequest, ctx: AppContext, explicit?: string) {
  const id = explicit ?? req.auth?.session?.clusterId ?? ctx.defaultClusterId;
  const cluster = ctx.clusters.get(id);
  if (!cluster) {
    throw new ApiError(404, `unknown cluster: ${id}`, {
      fields: { cluster_id: `no configured cluster has id ${id}` },
    });
  }
  req.clusterId = id;
  return cluster;
}
