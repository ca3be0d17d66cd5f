import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError, fieldError } from '../http/api-error.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

/** Administrators decide who may act on VMs LabForge did not build (or hand one over). */
export function vmOwnerRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listVmOwners, async () => ({
    ok: true as const,
    owners: ctx.vmOwners.list(),
  }));

  defineRoute(app, endpoints.assignVmOwner, async (req) => {
    const admin = currentUser(req);
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const { vmid } = req.params;
    const target = ctx.users.byUsername(req.body.username);
    if (!target) throw fieldError('username', `no user is called ${req.body.username}`, 404);
    if (target.role !== 'teacher') {
      throw fieldError(
        'username',
        target.role === 'admin'
          ? `${target.username} is an administrator and may act on every VM already`
          : `${target.username} is a student; only teachers can be given VMs`,
      );
    }
    ctx.vmOwners.assign(cluster.id, vmid, target.id, admin.username);
    ctx.audit.record({
      actor: admin.username,
      action: 'assign-vm',
      target: `vm ${cluster.id}/${vmid}`,
      outcome: 'ok',
      detail: `to ${target.username}`,
    });
    return { ok: true as const, owner: ctx.vmOwners.get(cluster.id, vmid)! };
  });

  defineRoute(app, endpoints.releaseVmOwner, async (req) => {
    const admin = currentUser(req);
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    if (!ctx.vmOwners.release(cluster.id, req.params.vmid)) {
      throw new ApiError(404, `VM ${req.params.vmid} has no owner in LabForge`);
    }
    ctx.audit.record({
      actor: admin.username,
      action: 'release-vm',
      target: `vm ${cluster.id}/${req.params.vmid}`,
      outcome: 'ok',
    });
    return { ok: true as const };
  });
}
