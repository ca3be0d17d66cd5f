import type { ClusterState } from './cluster.js';
import { formatSize } from './format.js';
import type { StorageDef, Volume } from './types.js';
import { diskVolumeName, isFileStorage, nextDiskIndex, volumePath } from './volume-names.js';
import { splitVolid } from './cluster.js';

export interface Allocation {
  volid: string;
  volume: Volume;
  /** Lines the storage tools print (qemu-img, lvcreate), for the task log. */
  log: string[];
  /** Thin pool overcommit: a log_warn for the task. */
  warning?: string;
}

const human = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** vdisk_alloc: allocates `bytes` on the storage's pool of `node`, with PVE's names and errors. */
export function allocateDisk(
  c: ClusterState,
  node: string,
  def: StorageDef,
  vmid: number,
  bytes: number,
  format: string,
  now: number,
  base = false,
): Allocation {
  const pool = c.poolFor(def.id, node);
  if (!pool) throw new Error(`storage '${def.id}' is not available on node '${node}'`);
  if (!isFileStorage(def) && format !== 'raw') throw new Error(`unsupported format '${format}'`);
  let name = diskVolumeName(def, vmid, nextDiskIndex(pool, vmid), format);
  if (base) name = name.replace(/(^|\/)vm-/, '$1base-');
  const path = volumePath(def, name);
  const avail = pool.total - pool.used;
  const log: string[] = [];
  let warning: string | undefined;
  if (isFileStorage(def)) {
    if (avail < bytes)
      throw new Error(
        `unable to create image: qemu-img: ${path}: Could not create '${path}': No space left on device`,
      );
    const extra =
      format === 'qcow2'
        ? ' cluster_size=65536 extended_l2=off preallocation=metadata compression_type=zlib'
        : '';
    log.push(
      `Formatting '${path}', fmt=${format}${extra} size=${bytes}${format === 'qcow2' ? ' lazy_refcounts=off refcount_bits=16' : ''}`,
    );
    pool.used += bytes;
  } else if (def.type === 'lvmthin') {
    if (pool.used >= pool.total)
      throw new Error(
        `lvcreate '${def.vgname}/${name}' error:   Cannot create new thin volume, free space in thin pool ${def.vgname}/${def.thinpool} reached threshold.`,
      );
    pool.allocated += bytes;
    if (pool.allocated > pool.total)
      warning = `Sum of all thin volume sizes (${human(pool.allocated)}) exceeds the size of thin pool ${def.vgname}/${def.thinpool} (${human(pool.total)}).`;
    log.push(`  Logical volume "${name}" created.`);
  } else if (def.type === 'lvm') {
    const rounded = Math.ceil(bytes / (4 * 1024 ** 2)) * 4 * 1024 ** 2;
    if (avail < rounded) throw new Error(`not enough free space (${avail} < ${rounded})`);
    pool.used += rounded;
    log.push(`  Logical volume "${name}" created.`);
  } else {
    if (avail < bytes)
      throw new Error(`zfs error: cannot create '${def.pool}/${name}': out of space`);
    pool.used += bytes;
  }
  const volid = `${def.id}:${name}`;
  const volume: Volume = {
    volid,
    storage: def.id,
    name,
    content: 'images',
    format,
    size: bytes,
    ctime: now,
    vmid,
  };
  pool.volumes.set(name, volume);
  return warning === undefined ? { volid, volume, log } : { volid, volume, log, warning };
}

/** vdisk_free: gives the space back (thin pools only drop their virtual allocation). */
export function freeVolume(c: ClusterState, node: string, volid: string): boolean {
  const [sid, name] = splitVolid(volid);
  const def = c.storages.get(sid);
  const pool = c.poolFor(sid, node);
  const vol = pool?.volumes.get(name);
  if (!def || !pool || !vol) return false;
  pool.volumes.delete(name);
  if (def.type === 'lvmthin') pool.allocated = Math.max(0, pool.allocated - vol.size);
  else if (vol.charged !== undefined) pool.used = Math.max(0, pool.used - vol.charged);
  else
    pool.used = Math.max(
      0,
      pool.used -
        (def.type === 'lvm' ? Math.ceil(vol.size / (4 * 1024 ** 2)) * 4 * 1024 ** 2 : vol.size),
    );
  return true;
}

export { formatSize };
