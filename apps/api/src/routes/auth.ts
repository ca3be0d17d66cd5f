import { endpoints } from '@labforge/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IpThrottle } from '../auth/ip-throttle.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password.js';
import type { AppContext } from '../context.js';
import type { Session } from '../db/sessions.js';
import { publicUser, type StoredUser } from '../db/users.js';
import { ApiError, fieldError } from '../http/api-error.js';
import { currentUser, resolveCluster, SESSION_COOKIE } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

function sessionBody(ctx: AppContext, user: StoredUser, session: Session | undefined) {
  return {
    ok: true as const,
    user: publicUser(user),
    csrf_token: session?.csrfToken ?? '',
    cluster_id: session?.clusterId ?? ctx.defaultClusterId,
    clusters: [...ctx.clusters.values()].map((c) => ({
      id: c.id,
      name: c.name,
      // Teachers have no Proxmox account: the web UI link is for administrators, and only
      // when one was configured (the API endpoint is not necessarily a web UI to browse).
      ...(user.role === 'admin' && ctx.config.clusters.some((x) => x.id === c.id && x.web_ui_url)
        ? { proxmox_web_ui: true }
        : {}),
    })),
  };
}

function secureCookie(ctx: AppContext, req: FastifyRequest): boolean {
  const setting = ctx.config.cookie_secure;
  return setting === 'auto' ? req.protocol === 'https' : setting;
}

/** The same attributes on setting and on clearing, so no browser keeps a laxer copy. */
function cookieAttributes(ctx: AppContext, req: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secureCookie(ctx, req),
  };
}

function setSessionCookie(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  value: string,
) {
  reply.setCookie(SESSION_COOKIE, value, {
    ...cookieAttributes(ctx, req),
    signed: true,
    maxAge: Math.floor(ctx.config.session_ttl_hours * 3600),
  });
}

/** Answers carrying the CSRF token must not sit in any cache. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { max, window_ms } = ctx.config.login_rate_limit;
  // A school behind one NAT shares an address: the ceiling is ten times the per-user limit.
  const spray = new IpThrottle(max * 10, window_ms);
  defineRoute(
    app,
    endpoints.login,
    async (req, reply) => {
      const { username, password } = req.body;
      if (!spray.allowed(req.ip)) {
        throw new ApiError(429, 'too many failed sign-ins from this address; wait a minute');
      }
      const user = ctx.users.byUsername(username);
      const ok = user ? await verifyPassword(password, user.password_hash) : false;
      if (!user) await burnPasswordCheck(password, ctx.config.scrypt_log2n);
      if (!user || !ok || user.disabled) {
        spray.fail(req.ip);
        ctx.audit.record({ actor: username, action: 'login', target: 'session', outcome: 'error' });
        throw new ApiError(401, 'invalid username or password');
      }
      if (req.auth?.session) ctx.sessions.revoke(req.auth.session.idHash);
      const { cookieValue, session } = ctx.sessions.create(user.id, ctx.defaultClusterId);
      setSessionCookie(ctx, req, reply, cookieValue);
      ctx.audit.record({ actor: user.username, action: 'login', target: 'session', outcome: 'ok' });
      noStore(reply);
      return sessionBody(ctx, user, session);
    },
    {
      config: {
        rateLimit: {
          max: ctx.config.login_rate_limit.max,
          timeWindow: ctx.config.login_rate_limit.window_ms,
        },
      },
    },
  );

  defineRoute(app, endpoints.logout, async (req, reply) => {
    if (req.auth?.session) ctx.sessions.revoke(req.auth.session.idHash);
    reply.clearCookie(SESSION_COOKIE, cookieAttributes(ctx, req));
    return { ok: true as const };
  });

  defineRoute(app, endpoints.getSession, async (req, reply) => {
    noStore(reply);
    return sessionBody(ctx, currentUser(req), req.auth?.session);
  });

  defineRoute(app, endpoints.selectCluster, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id);
    const session = req.auth?.session;
    if (session) {
      ctx.sessions.setCluster(session.idHash, cluster.id);
      session.clusterId = cluster.id;
    }
    noStore(reply);
    return sessionBody(ctx, currentUser(req), session ?? undefined);
  });

  defineRoute(app, endpoints.changePassword, async (req) => {
    const user = currentUser(req);
    if (!(await verifyPassword(req.body.current_password, user.password_hash))) {
      throw fieldError('current_password', 'current_password is wrong', 400);
    }
    ctx.users.update(user.id, {
      passwordHash: await hashPassword(req.body.new_password, ctx.config.scrypt_log2n),
    });
    ctx.sessions.revokeAllFor(user.id, req.auth?.session?.idHash);
    // Tokens belong to scripts, which a password change need not break; the caller chooses, and
    // the answer says how many still work.
    const revoked = req.body.revoke_tokens === true ? ctx.tokens.revokeAllFor(user.id) : 0;
    const stillActive = ctx.tokens.list(user.id).length;
    ctx.audit.record({
      actor: user.username,
      action: 'change-password',
      target: `user ${user.username}`,
      outcome: 'ok',
      detail: `api tokens revoked: ${revoked}, still active: ${stillActive}`,
    });
    return {
      ok: true as const,
      api_tokens: { revoked, still_active: stillActive },
      message:
        stillActive > 0
          ? `${stillActive} personal API token(s) still work; revoke them too if the old password was exposed`
          : 'no personal API token works any more',
    };
  });

  defineRoute(app, endpoints.listTokens, async (req) => ({
    ok: true as const,
    tokens: ctx.tokens.list(currentUser(req).id),
  }));

  defineRoute(app, endpoints.createToken, async (req, reply) => {
    const user = currentUser(req);
    const { token, secret } = ctx.tokens.create(user.id, req.body.name);
    ctx.audit.record({
      actor: user.username,
      action: 'create-token',
      target: `token ${token.id}`,
      outcome: 'ok',
    });
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ ok: true as const, token, secret });
  });

  defineRoute(app, endpoints.revokeToken, async (req) => {
    const user = currentUser(req);
    if (!ctx.tokens.revoke(user.id, req.params.id))
      throw new ApiError(404, `token not found: ${req.params.id}`);
    ctx.audit.record({
      actor: user.username,
      action: 'revoke-token',
      target: `token ${req.params.id}`,
      outcome: 'ok',
    });
    return { ok: true as const };
  });
}
