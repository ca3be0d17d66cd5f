import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, int, str } from '../../http/route.js';
import { splitList } from '../../schema/index.js';
import type { Simulator } from '../../simulator.js';
import { freeVolume } from '../../state/alloc.js';
import { NON_CONFIG_PARAMS, checkConfigPerms } from '../../state/config-perms.js';
import { isRoot, requireAnyPriv, requirePrivs } from '../../state/permissions.js';
import type { TaskRecord, WorkerContext } from '../../state/tasks.js';
import { identityName, type Identity, type VmState } from '../../state/types.js';
import { configDigest, normalizeValue, requireVm } from '../../state/vm.js';
import { createDisk, type DiskJob } from '../../workers/create-disks.js';
import { driveKeysSorted } from '../../workers/drive-order.js';
import { checkBridgeAccess, checkDriveParams, checkStorageAccess } from './drive-access.js';
import { resolveCdromAlias, withMacs } from './qemu-create.js';

const CONFIG_PRIVS = [
  'VM.Config.Disk',
  'VM.Config.CDROM',
  'VM.Config.CPU',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.HWType',
  'VM.Config.Options',
  'VM.Config.Cloudinit',
];
const DRIVE = /^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\d+$/;
const isCdrom = (v: unknown): boolean => String(v ?? '').includes('media=cdrom');

function checkKeyPerms(s: Simulator, id: Identity, vm: VmState, key: string, value: unknown): void {
  if (isRoot(id)) return;
  if (DRIVE.test(key)) {
    const cd = isCdrom(value) || isCdrom(vm.config[key]);
    requirePrivs(s.state, id, `/vms/${vm.vmid}`, [cd ? 'VM.Config.CDROM' : 'VM.Config.Disk']);
  } else checkConfigPerms(s.state, id, vm.vmid, [key]);
}

/** A replaced or deleted disk is kept as unusedN (cdroms and unused entries just vanish). */
function detach(s: Simulator, vm: VmState, key: string): void {
  const old = vm.config[key];
  delete vm.config[key];
  if (old === undefined || isCdrom(old) || !DRIVE.test(key)) return;
  const volid = String(old).split(',')[0] ?? '';
  if (!volid.includes(':')) return;
  if (key.startsWith('unused')) {
    freeVolume(s.state, vm.node, volid);
    return;
  }
  let n = 0;
  while (vm.config[`unused${n}`] !== undefined) n++;
  vm.config[`unused${n}`] = volid;
}

const quietCtx = (task?: TaskRecord): WorkerContext => ({
  task: task as TaskRecord,
  log: () => undefined,
  warn: () => undefined,
  sleep: async () => undefined,
});

function prepare(ctx: RouteContext): (wctx: WorkerContext) => Promise<void> {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const vm = requireVm(s.state, node, int(ctx.params.vmid) ?? 0);
  const skiplock = bool(ctx.params.skiplock) ?? false;
  if (skiplock && !isRoot(ctx.id)) throw paramError({ skiplock: 'Only root may use this option.' });
  const p: Record<string, unknown> = { ...ctx.params };
  resolveCdromAlias(p);
  const deletes = splitList(str(p.delete) ?? '');
  const digest = str(p.digest);
  if (digest !== undefined && digest !== configDigest(vm.config))
    throw die('detected modified configuration - file changed by other user? Try again.\n');
  const keys = Object.keys(p).filter((k) => !NON_CONFIG_PARAMS.has(k));
  for (const k of deletes)
    if (keys.includes(k))
      throw paramError({ delete: `cannot set and delete '${k}' at the same time` });
  checkStorageAccess(s, ctx.id, p, undefined);
  for (const k of keys) checkKeyPerms(s, ctx.id, vm, k, p[k]);
  for (const k of deletes) checkKeyPerms(s, ctx.id, vm, k, undefined);
  checkBridgeAccess(s, ctx.id, p);
  checkDriveParams(s, p);
  withMacs(p);
  if (!skiplock && vm.config.lock !== undefined)
    throw die(`VM is locked (${String(vm.config.lock)})\n`);
  return async (wctx) => {
    for (const k of deletes) detach(s, vm, k);
    const job: DiskJob = {
      node,
      vmid: vm.vmid,
      defaultStorage: undefined,
      template: false,
      allocated: [],
    };
    for (const k of driveKeysSorted(keys)) {
      const value = await createDisk(s, wctx, job, k, String(p[k]));
      detach(s, vm, k);
      vm.config[k] = value;
    }
    for (const k of keys) if (!DRIVE.test(k)) vm.config[k] = normalizeValue(k, p[k]);
  };
}

async function updateSync(ctx: RouteContext): Promise<unknown> {
  const apply = prepare(ctx);
  try {
    await apply(quietCtx());
  } catch (err) {
    throw die(`${err instanceof Error ? err.message.replace(/\n$/, '') : String(err)}\n`);
  }
  return null;
}

function updateAsync(ctx: RouteContext): unknown {
  const apply = prepare(ctx);
  const injected = ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {};
  const task = ctx.sim.tasks.start(
    {
      node: str(ctx.params.node) ?? '',
      type: 'qmconfig',
      id: String(ctx.params.vmid),
      user: identityName(ctx.id),
      ...injected,
    },
    async (wctx) => {
      await wctx.sleep(200);
      await apply(wctx);
    },
  );
  return task.upid;
}

const check = (ctx: RouteContext): void =>
  requireAnyPriv(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, CONFIG_PRIVS);

export const qemuConfigRoutes: ApiRoute[] = [
  {
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxy: true,
    check,
    handler: updateSync,
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxy: true,
    check,
    handler: updateAsync,
  },
];
