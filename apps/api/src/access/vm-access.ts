import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { currentUser } from '../plugins/auth.js';

/** What a teacher is trying to do to a VM, in words for the refusal. */
export type VmAction =
  | 'finalise'
  | 'open the console of'
  | 'start'
  | 'shut down'
  | 'stop'
  | 'reset'
  | 'eject the media of'
  | 'delete'
  | 'run a script on';

/**
 * The one ownership rule for every action on an existing VM, enforced here and nowhere else:
 * administrators may act on any VM; a teacher only on a VM recorded as theirs in LabForge's
 * database (built by them, or assigned to them by an administrator). Everyone else is refused
 * before anything reaches Proxmox.
 */
export function authoriseVmAction(
  ctx: AppContext,
  req: FastifyRequest,
  clusterId: string,
  vmid: number,
  action: VmAction,
): void {
  const user = currentUser(req);
  if (user.role === 'admin') return;
  const owner = ctx.vmOwners.get(clusterId, vmid);
  if (owner?.userId === user.id && user.role === 'teacher') return;
  const why = !owner
    ? `VM ${vmid} was not built in LabForge; an administrator can assign it to you`
    : `VM ${vmid} belongs to another teacher`;
  ctx.audit.record({
    actor: user.username,
    action: 'vm-access-refused',
    target: `vm ${clusterId}/${vmid}`,
    outcome: 'error',
    detail: action,
  });
  throw new ApiError(403, `you cannot ${action} this VM: ${why}`, { vmid, cluster_id: clusterId });
}
