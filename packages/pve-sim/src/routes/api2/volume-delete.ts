import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, int, str } from '../../http/route.js';
import type { Simulator } from '../../simulator.js';
import { requirePrivs } from '../../state/permissions.js';
import { isTaskError } from '../../state/tasks.js';
import { identityName, type StorageDef } from '../../state/types.js';
import { isFileStorage, volumePath } from '../../state/volume-names.js';

/** Content.pm's real_volume_id: `volume` is a full volid or a name on {storage}. */
function realVolumeId(storage: string | undefined, volume: string): { sid: string; name: string } {
  if (volume.includes(':')) {
    const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.exec(volume);
    if (!m) throw paramError({ volume: `unable to parse volume ID '${volume}'\n` });
    const sid = m[1] ?? '';
    if (storage && sid !== storage)
      throw paramError({ volume: `storage ID mismatch (${sid} != ${storage})\n` });
    return { sid, name: m[2] ?? '' };
  }
  if (!storage) throw paramError({ volume: 'no storage specified - incomplete volume ID' });
  return { sid: storage, name: volume };
}

/** The plugin's parse_volname: the volume type and owning VM (dies for unparsable names). */
function parseVolname(def: StorageDef, name: string): { vtype: string; owner?: number } {
  if (isFileStorage(def)) {
    if (/^iso\/[^/]+\.(iso|img)$/i.test(name)) return { vtype: 'iso' };
    if (/^vztmpl\/[^/]+\.(tar|tar\.(gz|xz|zst|bz2))$/i.test(name)) return { vtype: 'vztmpl' };
    const backup = /^backup\/([^/]+)$/.exec(name);
    if (backup) {
      const owner = /^vzdump-(?:openvz|lxc|qemu)-(\d+)-/.exec(backup[1] ?? '')?.[1];
      return owner ? { vtype: 'backup', owner: Number(owner) } : { vtype: 'backup' };
    }
    if (/^(snippets|import)\/[^/]+$/.test(name)) return { vtype: name.split('/')[0] ?? '' };
    const image = /^(\d+)\/(?:vm|base)-\1-[^/]+$/.exec(name);
    if (image) return { vtype: 'images', owner: Number(image[1]) };
    throw die(`unable to parse directory volume name '${name}'\n`);
  }
  const image = /^(?:vm|base)-(\d+)-\S+$/.exec(name);
  if (image) return { vtype: 'images', owner: Number(image[1]) };
  throw die(`unable to parse ${def.type === 'zfspool' ? 'zfs' : 'lvm'} volume name '${name}'\n`);
}

/** The `imgdel` worker: vdisk_free, which only warns (uncounted) when the file is already gone. */
function removeVolume(s: Simulator, node: string, def: StorageDef, name: string) {
  return async (ctx: { log(l: string): void; sleep(ms: number): Promise<void> }) => {
    await ctx.sleep(200);
    const pool = s.state.poolFor(def.id, node);
    if (!pool) throw new Error(`storage '${def.id}' is not available on node '${node}'`);
    const vol = pool.volumes.get(name);
    if (vol) {
      pool.volumes.delete(name);
      pool.used = Math.max(0, pool.used - vol.size);
    } else ctx.log(`disk image '${volumePath(def, name)}' does not exist`);
    ctx.log(`Removed volume '${def.id}:${name}'`);
  };
}

/**
 * DELETE /nodes/{node}/storage/{storage}/content/{volume} (pve-storage Content.pm `delete`).
 * PVE does NOT look at VM configs: an ISO (or even a disk image) still referenced by a VM or
 * template is removed all the same; callers must check references themselves.
 */
async function deleteVolume(ctx: RouteContext): Promise<unknown> {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const { sid, name } = realVolumeId(str(ctx.params.storage), str(ctx.params.volume) ?? '');
  const def = s.state.storages.get(sid);
  if (!def) throw die(`storage '${sid}' does not exist\n`);
  const { vtype, owner } = parseVolname(def, name);
  // Permissions are checked in the code (`user => 'all'`), after parameter validation.
  if (vtype === 'backup' && owner !== undefined) {
    requirePrivs(s.state, ctx.id, `/storage/${sid}`, ['Datastore.AllocateSpace']);
    requirePrivs(s.state, ctx.id, `/vms/${owner}`, ['VM.Backup']);
  } else requirePrivs(s.state, ctx.id, `/storage/${sid}`, ['Datastore.Allocate']);
  const task = s.tasks.start(
    {
      node,
      type: 'imgdel',
      id: owner !== undefined ? `${owner}@${sid}` : sid,
      user: identityName(ctx.id),
      ...(ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {}),
    },
    removeVolume(s, node, def, name),
  );
  const delay = int(ctx.params.delay);
  if (delay === undefined) return task.upid;
  // `delay`: wait up to that many (real) seconds; null when the task ended well, its error when
  // not, the UPID when it still runs.
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    task.done.then(() => true),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), delay * 1000);
    }),
  ]);
  clearTimeout(timer);
  if (!finished) return task.upid;
  if (isTaskError(task.exitstatus)) throw die(`${task.exitstatus ?? ''}\n`);
  return null;
}

export const volumeRoutes: ApiRoute[] = [
  {
    method: 'DELETE',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    proxy: true,
    handler: deleteVolume,
  },
];
