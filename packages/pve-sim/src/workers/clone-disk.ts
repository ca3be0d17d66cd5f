import { printPropertyString } from '../schema/index.js';
import type { Simulator } from '../simulator.js';
import { allocateDisk } from '../state/alloc.js';
import { splitVolid } from '../state/cluster.js';
import { MiB, formatSize } from '../state/format.js';
import { StorageLocks } from '../state/storage-locks.js';
import type { WorkerContext } from '../state/tasks.js';
import type { StorageDef, Volume } from '../state/types.js';
import { isFileStorage, nextDiskIndex, volumePath } from '../state/volume-names.js';
import { driveFormatName, parseDrive } from '../routes/api2/drive-access.js';
import { storageOnNode } from './create-disks.js';

export interface CloneDiskJob {
  node: string;
  newid: number;
  /** Target storage/format of a full clone (undefined: the source's). */
  storage: string | undefined;
  format: string | undefined;
  running: boolean;
  /** New volids, freed by the caller when the clone fails. */
  allocated: string[];
}

/** Simulated ms an lvcreate / qemu-img create holds the storage lock unless /_sim says otherwise. */
export const DEFAULT_STORAGE_LOCK_HOLD_MS = 200;

const render = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
};

/** cluster_lock_storage around vdisk_alloc / vdisk_clone: waits 10 s, then PVE's timeout error. */
async function withStorageLock<T>(
  s: Simulator,
  ctx: WorkerContext,
  def: StorageDef,
  node: string,
  fn: () => T,
): Promise<T> {
  const key = StorageLocks.key(def, node);
  if (def.shared && s.storageLocks.isHeld(key))
    ctx.log(`trying to acquire cfs lock 'storage-${def.id}' ...`);
  const release = await s.storageLocks.acquire(def, node, s.scaled(10_000, ctx.task.type));
  try {
    await ctx.sleep(s.storageLockHoldMs.get(def.id) ?? DEFAULT_STORAGE_LOCK_HOLD_MS);
    return fn();
  } finally {
    release();
  }
}

/** clone_image per plugin: a thin snapshot, a ZFS clone or a qcow2 overlay over the base file. */
function cloneImage(
  s: Simulator,
  ctx: WorkerContext,
  def: StorageDef,
  node: string,
  base: Volume,
  newid: number,
): Volume {
  const pool = s.state.poolFor(def.id, node);
  if (!pool) throw new Error(`storage '${def.id}' is not available on node '${node}'`);
  const n = nextDiskIndex(pool, newid);
  let name: string;
  let parent: string | undefined;
  if (isFileStorage(def)) {
    const file = `vm-${newid}-disk-${n}.qcow2`;
    name = `${base.name}/${newid}/${file}`;
    parent = `../${base.name}`;
    ctx.log(`clone ${base.name}: images, ${file}, ${newid} to ${file} (base=../${base.name})`);
    ctx.log(
      `Formatting '${volumePath(def, `${newid}/${file}`)}', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=${base.size} backing_file=../${base.name} backing_fmt=${base.format} lazy_refcounts=off refcount_bits=16`,
    );
  } else if (def.type === 'zfspool') {
    name = `${base.name}/vm-${newid}-disk-${n}`;
    parent = `${base.name}@__base__`;
  } else {
    name = `vm-${newid}-disk-${n}`;
    pool.allocated += base.size;
    ctx.log(`  Logical volume "${name}" created.`);
  }
  const vol: Volume = {
    volid: `${def.id}:${name}`,
    storage: def.id,
    name,
    content: 'images',
    format: isFileStorage(def) ? 'qcow2' : 'raw',
    size: base.size,
    ctime: s.now(),
    vmid: newid,
    charged: 0,
    ...(parent === undefined ? {} : { parent }),
  };
  pool.volumes.set(name, vol);
  return vol;
}

function resolveFormat(def: StorageDef, hint: string | undefined): string {
  const valid = isFileStorage(def) ? ['raw', 'qcow2', 'vmdk'] : ['raw'];
  return hint !== undefined && valid.includes(hint) ? hint : 'raw';
}

async function transfer(ctx: WorkerContext, key: string, bytes: number, running: boolean) {
  if (running) {
    ctx.log(`drive mirror is starting for drive-${key}`);
    ctx.log(`drive-${key}: transferred 0.0 B of ${render(bytes)} (0.00%) in 0s`);
    await ctx.sleep(1000);
    ctx.log(
      `drive-${key}: transferred ${render(bytes)} of ${render(bytes)} (100.00%) in 1s, ready`,
    );
    ctx.log("all 'mirror' jobs are ready");
    ctx.log(`drive-${key}: Completing block job...`);
    ctx.log(`drive-${key}: Completed successfully.`);
    ctx.log(`drive-${key}: mirror-job finished`);
    return;
  }
  ctx.log(`transferred 0.0 B of ${render(bytes)} (0.00%)`);
  await ctx.sleep(500);
  ctx.log(`transferred ${render(bytes / 2)} of ${render(bytes)} (50.00%)`);
  await ctx.sleep(500);
  ctx.log(`transferred ${render(bytes)} of ${render(bytes)} (100.00%)`);
}

/** clone_disk: one drive of the new VM; returns its config value. */
export async function cloneDisk(
  s: Simulator,
  ctx: WorkerContext,
  job: CloneDiskJob,
  key: string,
  value: string,
  full: boolean,
): Promise<string> {
  const drive = parseDrive(key, value, false);
  const volid = drive.file ?? '';
  ctx.log(`create ${full ? 'full' : 'linked'} clone of drive ${key} (${volid})`);
  const [sid] = splitVolid(volid);
  const srcDef = storageOnNode(s, sid, job.node);
  const src = s.state.findVolume(volid, job.node);
  if (!src) throw new Error(`volume '${volid}' does not exist`);
  let vol: Volume;
  if (!full) {
    vol = await withStorageLock(s, ctx, srcDef, job.node, () =>
      cloneImage(s, ctx, srcDef, job.node, src, job.newid),
    );
  } else {
    const def = job.storage === undefined ? srcDef : storageOnNode(s, job.storage, job.node);
    const format = resolveFormat(def, job.format ?? src.format);
    if (job.format !== undefined && job.format !== format)
      ctx.log(
        `format '${job.format}' is not supported by the target storage '${def.id}' - using '${format}' instead`,
      );
    const bytes = key === 'tpmstate0' ? 4 * MiB : src.size;
    const alloc = await withStorageLock(s, ctx, def, job.node, () =>
      allocateDisk(s.state, job.node, def, job.newid, bytes, format, s.now()),
    );
    job.allocated.push(alloc.volid);
    for (const line of alloc.log) ctx.log(line);
    if (alloc.warning) ctx.warn(alloc.warning);
    ctx.log(`allocated target volume '${alloc.volid}'`);
    if (key !== 'efidisk0') await transfer(ctx, key, bytes, job.running);
    else await ctx.sleep(200);
    vol = alloc.volume;
  }
  if (!full) job.allocated.push(vol.volid);
  const entry: Record<string, string> = { ...drive, file: vol.volid, size: formatSize(vol.size) };
  delete entry.format;
  return printPropertyString(driveFormatName(key), entry);
}
