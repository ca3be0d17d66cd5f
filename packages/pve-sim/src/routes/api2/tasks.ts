import { PveError, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { hasPriv, isRoot } from '../../state/permissions.js';
import { isTaskError, type TaskRecord } from '../../state/tasks.js';
import { identityName, type Identity } from '../../state/types.js';
import { parseUpid } from '../../state/upid.js';

function owns(id: Identity, task: TaskRecord): boolean {
  const me = identityName(id);
  return task.user === me || (!id.tokenid && task.user.startsWith(`${id.userid}!`));
}

function findTask(ctx: RouteContext): TaskRecord {
  const upid = str(ctx.params.upid) ?? '';
  const fields = parseUpid(upid);
  if (!fields) throw paramError({ upid: 'unable to parse worker upid' });
  const task = ctx.sim.tasks.tasks.get(upid);
  if (!task || task.node !== str(ctx.params.node)) throw paramError({ upid: 'no such task' });
  return task;
}

function requireAccess(ctx: RouteContext, task: TaskRecord, priv: string): void {
  if (isRoot(ctx.id) || owns(ctx.id, task)) return;
  if (!hasPriv(ctx.sim.state, ctx.id, `/nodes/${task.node}`, priv))
    throw new PveError(403, 'Permission check failed\n');
}

function userFields(task: TaskRecord): Record<string, string> {
  const [user = '', tokenid] = task.user.split('!');
  return tokenid === undefined ? { user } : { user, tokenid };
}

function status(ctx: RouteContext): unknown {
  const task = findTask(ctx);
  requireAccess(ctx, task, 'Sys.Audit');
  const out: Record<string, unknown> = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...userFields(task),
    status: task.status,
  };
  if (task.status === 'stopped') out.exitstatus = task.exitstatus;
  return out;
}

function log(ctx: RouteContext): unknown {
  const upid = str(ctx.params.upid) ?? '';
  if (!parseUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
  const task = ctx.sim.tasks.tasks.get(upid);
  if (!task || task.node !== str(ctx.params.node)) {
    // PVE only parses the UPID here; a missing log file is dumped as one error line.
    ctx.total = 1;
    return [{ n: 1, t: 'unable to open file - No such file or directory' }];
  }
  requireAccess(ctx, task, 'Sys.Audit');
  const start = int(ctx.params.start) ?? 0;
  const limit = int(ctx.params.limit) ?? 50;
  const lines = task.log.length === 0 ? ['no content'] : task.log;
  ctx.total = task.log.length;
  const slice = limit === 0 ? lines.slice(start) : lines.slice(start, start + limit);
  return slice.map((t, i) => ({ n: start + i + 1, t }));
}

function stop(ctx: RouteContext): unknown {
  const task = findTask(ctx);
  requireAccess(ctx, task, 'Sys.Modify');
  if (task.status === 'running') ctx.sim.tasks.stop(task);
  return null;
}

function list(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node);
  const p = ctx.params;
  const seeAll = isRoot(ctx.id) || hasPriv(s.state, ctx.id, `/nodes/${node}`, 'Sys.Audit');
  const source = str(p.source) ?? 'archive';
  const typefilter = str(p.typefilter);
  const userfilter = str(p.userfilter);
  const vmid = int(p.vmid);
  const errorsOnly = bool(p.errors) ?? false;
  const since = int(p.since);
  const until = int(p.until);
  const statusfilter = str(p.statusfilter)?.split(',');
  const all = [...s.tasks.tasks.values()]
    .filter((t) => t.node === node && (seeAll || owns(ctx.id, t)))
    .filter((t) => source === 'all' || (source === 'active') === (t.status === 'running'))
    .filter((t) => !typefilter || t.type === typefilter)
    .filter((t) => !userfilter || t.user.includes(userfilter))
    .filter((t) => vmid === undefined || t.id === String(vmid))
    .filter((t) => !errorsOnly || isTaskError(t.exitstatus))
    .filter((t) => since === undefined || t.starttime >= since)
    .filter((t) => until === undefined || t.starttime <= until)
    .filter((t) => {
      if (!statusfilter) return true;
      const kind =
        t.status === 'running'
          ? 'active'
          : t.exitstatus === 'OK'
            ? 'ok'
            : isTaskError(t.exitstatus)
              ? 'error'
              : 'warning';
      return statusfilter.includes(kind);
    })
    .sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
  ctx.total = all.length;
  const start = int(p.start) ?? 0;
  const limit = int(p.limit) ?? 50;
  return all.slice(start, start + limit).map((t) => {
    const item: Record<string, unknown> = {
      upid: t.upid,
      node: t.node,
      pid: t.pid,
      pstart: t.pstart,
      starttime: t.starttime,
      type: t.type,
      id: t.id,
      user: t.user,
    };
    if (t.status === 'running') item.status = 'RUNNING';
    else {
      item.endtime = t.endtime;
      item.status = t.exitstatus;
    }
    return item;
  });
}

export const taskRoutes: ApiRoute[] = [
  { method: 'GET', path: '/nodes/{node}/tasks', proxy: true, handler: list },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}',
    proxy: true,
    // upid_index does not look the task up.
    handler: () => [{ name: 'log' }, { name: 'status' }],
  },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/status', proxy: true, handler: status },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/log', proxy: true, handler: log },
  { method: 'DELETE', path: '/nodes/{node}/tasks/{upid}', proxy: true, handler: stop },
];
