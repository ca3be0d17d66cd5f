import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../auth/password.js';
import type { AppContext } from '../context.js';
import { publicUser } from '../db/users.js';
import { ApiError, fieldError } from '../http/api-error.js';
import { currentUser } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listUsers, async () => ({
    ok: true as const,
    users: ctx.users.list().map(publicUser),
  }));

  defineRoute(app, endpoints.createUser, async (req, reply) => {
    const actor = currentUser(req);
    const { username, password, role, display_name } = req.body;
    if (ctx.users.byUsername(username))
      throw fieldError('username', `username ${username} is taken`, 409);
    const user = ctx.users.create({
      username,
      role,
      displayName: display_name,
      passwordHash: await hashPassword(password, ctx.config.scrypt_log2n),
    });
    ctx.audit.record({
      actor: actor.username,
      action: 'create-user',
      target: `user ${username} (${role})`,
      outcome: 'ok',
    });
    return reply.code(201).send({ ok: true as const, user: publicUser(user) });
  });

  defineRoute(app, endpoints.updateUser, async (req) => {
    const actor = currentUser(req);
    const target = ctx.users.byId(req.params.id);
    if (!target) throw new ApiError(404, `user not found: ${req.params.id}`);
    const { role, password, disabled, display_name } = req.body;
    if (target.id === actor.id && (disabled === true || (role !== undefined && role !== 'admin'))) {
      throw fieldError(
        disabled === true ? 'disabled' : 'role',
        'administrators cannot demote or disable themselves',
      );
    }
    ctx.users.update(target.id, {
      ...(role !== undefined ? { role } : {}),
      ...(disabled !== undefined ? { disabled } : {}),
      ...(password !== undefined
        ? { passwordHash: await hashPassword(password, ctx.config.scrypt_log2n) }
        : {}),
    });
    if (display_name !== undefined) ctx.users.setDisplayName(target.id, display_name);
    // Any change of who someone is or how they sign in ends their sessions (a new display name
    // changes neither).
    if (role !== undefined || password !== undefined || disabled !== undefined)
      ctx.sessions.revokeAllFor(
        target.id,
        target.id === actor.id ? req.auth?.session?.idHash : undefined,
      );
    const changed = Object.keys(req.body).join(', ') || 'nothing';
    ctx.audit.record({
      actor: actor.username,
      action: 'update-user',
      target: `user ${target.username}`,
      outcome: 'ok',
      detail: changed,
    });
    return { ok: true as const, user: publicUser(ctx.users.byId(target.id)!) };
  });

  defineRoute(app, endpoints.listAudit, async (req) => {
    const { entries, total } = ctx.audit.list(req.query.page, req.query.page_size);
    return { ok: true as const, entries, total };
  });
}
