import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { currentUser } from '../plugins/auth.js';

/**
 * Who may deploy from a template. Interim rule (the template-sharing work replaces this file
 * with visibility and sharing): administrators any template; a teacher a template recorded as
 * theirs (built or finalised by them, or assigned to them). Refusals are 403 and audited, as for
 * every action on an existing VM.
 */
export function authoriseTemplateUse(
  ctx: AppContext,
  req: FastifyRequest,
  clusterId: string,
  vmid: number,
): void {
  const user = currentUser(req);
  if (user.role === 'admin') return;
  const owner = ctx.vmOwners.get(clusterId, vmid);
  if (owner?.userId === user.id && user.role === 'teacher') return;
  const why = !owner
    ? `template ${vmid} was not made in LabForge; an administrator can assign it to you`
    : `template ${vmid} belongs to another teacher`;
  ctx.audit.record({
    actor: user.username,
    action: 'template-access-refused',
    target: `vm ${clusterId}/${vmid}`,
    outcome: 'error',
    detail: 'deploy',
  });
  throw new ApiError(403, `you cannot deploy this template: ${why}`, {
    vmid,
    cluster_id: clusterId,
  });
}
