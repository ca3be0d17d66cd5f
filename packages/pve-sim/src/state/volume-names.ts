import type { ContentType } from '../seeds/types.js';
import { parseSize } from './format.js';
import type { StorageDef, StoragePool, Volume, VmConfig } from './types.js';

export const DRIVE_KEY = /^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)(\d+)$/;

export function isFileStorage(def: StorageDef): boolean {
  return def.type === 'dir' || def.type === 'nfs' || def.type === 'cifs' || def.type === 'cephfs';
}

export function contentOfVolume(def: StorageDef, name: string): ContentType {
  if (name.startsWith('iso/')) return 'iso';
  if (name.startsWith('vztmpl/')) return 'vztmpl';
  if (name.startsWith('backup/')) return 'backup';
  if (name.startsWith('snippets/')) return 'snippets';
  if (name.startsWith('import/')) return 'import';
  return def.content.includes('images') || !def.content.includes('rootdir') ? 'images' : 'rootdir';
}

export function formatOfVolume(def: StorageDef, name: string): string {
  if (name.startsWith('iso/')) return 'iso';
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  if (name.startsWith('vztmpl/')) return ext === 'gz' ? 'tgz' : (ext ?? 'tar');
  if (!isFileStorage(def)) return 'raw';
  return ext ?? 'raw';
}

/** Where the volume lives on the node's filesystem, as PVE prints it in task logs. */
export function volumePath(def: StorageDef, name: string): string {
  if (isFileStorage(def)) {
    const base = def.path ?? '/var/lib/vz';
    for (const [prefix, dir] of [
      ['iso/', 'template/iso/'],
      ['vztmpl/', 'template/cache/'],
      ['backup/', 'dump/'],
      ['snippets/', 'snippets/'],
      ['import/', 'import/'],
    ] as const) {
      if (name.startsWith(prefix)) return `${base}/${dir}${name.slice(prefix.length)}`;
    }
    return `${base}/images/${name}`;
  }
  if (def.type === 'zfspool') return `/dev/zvol/${def.pool}/${name}`;
  return `/dev/${def.vgname}/${name}`;
}

/** vm-<vmid>-disk-<N>: lowest N not taken by a vm- or base- volume of this VM on the pool. */
export function nextDiskIndex(pool: StoragePool, vmid: number): number {
  const taken = new Set<number>();
  // Linked clones carry their base as a prefix (dir: 9000/base-9000-disk-0.raw/101/..., ZFS: base-.../).
  const re = new RegExp(`^(?:[^/]+/)*(?:vm|base)-${vmid}-disk-(\\d+)(?:\\.[a-z0-9]+)?$`);
  for (const name of pool.volumes.keys()) {
    const m = re.exec(name);
    if (m) taken.add(Number(m[1]));
  }
  let n = 0;
  while (taken.has(n)) n++;
  return n;
}

export function diskVolumeName(def: StorageDef, vmid: number, n: number, format: string): string {
  return isFileStorage(def) ? `${vmid}/vm-${vmid}-disk-${n}.${format}` : `vm-${vmid}-disk-${n}`;
}

/** The base- name a template conversion gives a volume (pve-storage create_base). */
export function baseVolumeName(name: string): string {
  return name.replace(/(^|\/)vm-(\d+-disk-\d+)/, '$1base-$2');
}

/** Volumes referenced by a seeded VM's config (so storage listings and accounting include them). */
export function seedVmVolumes(
  lookup: { storages: Map<string, StorageDef> },
  vmid: number,
  config: VmConfig,
): Omit<Volume, 'ctime'>[] {
  const out: Omit<Volume, 'ctime'>[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!DRIVE_KEY.test(key) || typeof value !== 'string') continue;
    const first = value.split(',')[0] ?? '';
    const m = /^([^:/\s]+):(.+)$/.exec(first);
    if (!m || value.includes('media=cdrom')) continue;
    const def = lookup.storages.get(m[1] ?? '');
    if (!def) continue;
    const name = m[2] ?? '';
    const size = parseSize(/(?:^|,)size=([^,]+)/.exec(value)?.[1] ?? '0') ?? 0;
    out.push({
      volid: first,
      storage: def.id,
      name,
      content: 'images',
      format: formatOfVolume(def, name),
      size,
      vmid,
    });
  }
  return out;
}
