import { randomBytes } from 'node:crypto';
import { die, permError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { parsePropertyString } from '../../schema/index.js';
import { NON_CONFIG_PARAMS, checkConfigPerms } from '../../state/config-perms.js';
import { hasPriv, isRoot, requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { qmcreateWorker } from '../../workers/qmcreate.js';
import { checkBridgeAccess, checkDriveParams, checkStorageAccess } from './drive-access.js';

const hex2 = (): string => randomBytes(1).toString('hex').toUpperCase();

/** add_random_macs: every NIC without a MAC gets one with the BC:24:11 prefix. */
export function withMacs(params: Record<string, unknown>): void {
  for (const key of Object.keys(params)) {
    if (!/^net\d+$/.test(key)) continue;
    const net = parsePropertyString('pve-qm-net', String(params[key]));
    const { model, macaddr, ...rest } = net;
    const mac = macaddr ?? `BC:24:11:${hex2()}:${hex2()}:${hex2()}`;
    const tail = Object.keys(rest)
      .sort()
      .map((k) => `${k}=${rest[k]}`);
    params[key] = [`${model}=${mac}`, ...tail].join(',');
  }
}

export function resolveCdromAlias(params: Record<string, unknown>): void {
  if (params.cdrom === undefined) return;
  let v = String(params.cdrom);
  if (!/(^|,)media=/.test(v)) v += ',media=cdrom';
  params.ide2 = v;
  delete params.cdrom;
}

async function createVm(ctx: RouteContext): Promise<unknown> {
  const s = ctx.sim;
  const id = ctx.id;
  const root = isRoot(id);
  const p: Record<string, unknown> = { ...ctx.params };
  const node = str(p.node) ?? '';
  const vmid = int(p.vmid) ?? 0;
  const storage = str(p.storage);
  if (p.archive !== undefined) throw die('the simulator does not implement restore (archive)\n');
  const pool = str(p.pool);
  // check_pool_exist: an unknown pool is a permission exception.
  if (pool !== undefined && !s.state.resourcePools.has(pool))
    throw permError(`pool '${pool}' does not exist`);
  if (storage !== undefined && !root)
    requirePrivs(s.state, id, `/storage/${storage}`, ['Datastore.AllocateSpace']);
  if (bool(p['ha-managed']) && !root) requirePrivs(s.state, id, '/', ['Sys.Console']);
  if (bool(p.start) && !root) requirePrivs(s.state, id, `/vms/${vmid}`, ['VM.PowerMgmt']);
  // VM.Allocate on /vms/{vmid}, or on the pool the VM is created in.
  if (
    !root &&
    !hasPriv(s.state, id, `/vms/${vmid}`, 'VM.Allocate') &&
    !(pool !== undefined && hasPriv(s.state, id, `/pool/${pool}`, 'VM.Allocate'))
  )
    throw permError();
  resolveCdromAlias(p);
  checkStorageAccess(s, id, p, storage);
  const optionKeys = Object.keys(p).filter((k) => !NON_CONFIG_PARAMS.has(k));
  if (!root) checkConfigPerms(s.state, id, vmid, optionKeys);
  checkBridgeAccess(s, id, p);
  checkDriveParams(s, p);
  withMacs(p);
  const existing = s.state.vms.get(vmid);
  if (existing)
    throw die(
      `unable to create VM ${vmid} - VM ${vmid} already exists on node '${existing.node}'\n`,
    );
  const vm = {
    vmid,
    node,
    config: { lock: 'create' },
    running: false,
    startedAt: 0,
    pid: 5000 + (vmid % 100000),
  };
  s.state.vms.set(vmid, vm);
  const release = await s.locks.acquire(vmid, s.scaled(5000));
  const options = Object.fromEntries(optionKeys.map((k) => [k, p[k]]));
  const user = identityName(id);
  const task = s.tasks.start(
    {
      node,
      type: 'qmcreate',
      id: String(vmid),
      user,
      ...(ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {}),
    },
    qmcreateWorker(s, {
      node,
      vmid,
      options,
      defaultStorage: storage,
      start: bool(p.start) ?? false,
      pool,
      user,
      vm,
      release,
    }),
  );
  return task.upid;
}

export const qemuCreateRoutes: ApiRoute[] = [
  { method: 'POST', path: '/nodes/{node}/qemu', proxy: true, handler: createVm },
];
