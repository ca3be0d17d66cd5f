import { permError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { hasPriv, requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { type CloneRequest, cloneChecks } from '../../workers/clone-checks.js';
import { qmcloneWorker } from '../../workers/qmclone.js';

/**
 * POST /nodes/{node}/qemu/{vmid}/clone. Permissions (before validation): VM.Clone on /vms/{vmid}
 * and VM.Allocate on /vms/{newid} or, with `pool`, on /pool/{pool}; the handler adds
 * Datastore.AllocateSpace per disk storage (or the target `storage`) and SDN.Use per bridge.
 */
function check(ctx: RouteContext): void {
  const s = ctx.sim.state;
  requirePrivs(s, ctx.id, `/vms/${str(ctx.params.vmid)}`, ['VM.Clone']);
  if (hasPriv(s, ctx.id, `/vms/${str(ctx.params.newid)}`, 'VM.Allocate')) return;
  const pool = str(ctx.params.pool);
  if (pool !== undefined && hasPriv(s, ctx.id, `/pool/${pool}`, 'VM.Allocate')) return;
  throw permError();
}

function clone(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const p = ctx.params;
  const node = str(p.node) ?? '';
  let target = str(p.target);
  if (target === node || target === 'localhost') target = undefined;
  const r: CloneRequest = {
    node,
    vmid: int(p.vmid) ?? 0,
    newid: int(p.newid) ?? 0,
    target,
    storage: str(p.storage),
    format: str(p.format),
    full: bool(p.full),
    pool: str(p.pool),
    snapname: str(p.snapname),
    name: str(p.name),
    description: str(p.description),
    id: ctx.id,
  };
  const running = s.state.vms.get(r.vmid)?.running ?? false;
  cloneChecks(s, r);
  return s.tasks.start(
    {
      node,
      type: 'qmclone',
      id: String(r.vmid),
      user: identityName(ctx.id),
      ...(ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {}),
    },
    qmcloneWorker(s, r, running),
  ).upid;
}

export const qemuCloneRoutes: ApiRoute[] = [
  { method: 'POST', path: '/nodes/{node}/qemu/{vmid}/clone', proxy: true, check, handler: clone },
];
