import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { currentUser } from '../plugins/auth.js';
import { retiredReason } from '../templates/rules.js';
import { refuse, visibleCard } from '../templates/service.js';

/**
 * The one rule for USING a template (deploying a class from it), enforced before anything
 * reaches Proxmox: administrators may use any template that is not retired (one without a card
 * too: a template made outside LabForge, which the engine checks is a template); a
 * teacher one they made or that is shared with them (with all teachers of the cluster, or by
 * name), and not retired. Throws ApiError 404 (no card), 403 (not shared with them: "This
 * template is private to Ana") or 409 (retired); every refusal is audited
 * (`template-access-refused`).
 */
export function authoriseTemplateUse(
  ctx: AppContext,
  req: FastifyRequest,
  clusterId: string,
  vmid: number,
): void {
  const user = currentUser(req);
  if (user.role !== 'admin' && user.role !== 'teacher')
    refuse(ctx, user, clusterId, vmid, 'use', 'Only teachers and administrators use templates');
  if (user.role === 'admin' && !ctx.templateCards.get(clusterId, vmid)) return;
  const card = visibleCard(ctx, user, clusterId, vmid, 'use');
  if (card.retiredAt !== null) refuse(ctx, user, clusterId, vmid, 'use', retiredReason(card), 409);
}
