import { posix } from 'node:path';
import type { Simulator } from '../simulator.js';
import {
  contentOfVolume,
  formatOfVolume,
  isFileStorage,
  volumePath,
} from '../state/volume-names.js';
import type { StorageDef, StoragePool, Volume } from '../state/types.js';
import { digest, volumeBytes, volumeDigest } from '../workers/file-bytes.js';

type Place =
  | { kind: 'volume'; def: StorageDef; pool: StoragePool; volname: string }
  | { kind: 'scratch'; key: string }
  | { kind: 'dir' };

const VOLUME_DIRS: [string, string, RegExp][] = [
  ['template/iso/', 'iso/', /\.(iso|img)$/i],
  ['template/cache/', 'vztmpl/', /\.tar\.(gz|xz|zst|bz2)$/],
];

/** A node's filesystem as far as SSH commands can see it: file storages' directories and /tmp. */
export class NodeFs {
  constructor(
    private readonly sim: Simulator,
    private readonly node: string,
  ) {}

  /** Where a path lives; undefined = outside what the simulator models (refused). */
  place(raw: string): Place | undefined {
    const path = posix.normalize(raw);
    if (path === '/tmp' || path === '/var/tmp') return { kind: 'dir' };
    if (/^\/(var\/)?tmp\/[^/]+$/.test(path))
      return { kind: 'scratch', key: `${this.node}:${path}` };
    const c = this.sim.state;
    for (const def of c.storages.values()) {
      if (!isFileStorage(def) || !def.path || !c.storageOnNode(def, this.node)) continue;
      if (path === def.path || path === `${def.path}/template`) return { kind: 'dir' };
      for (const [dir, prefix, re] of VOLUME_DIRS) {
        const full = `${def.path}/${dir}`;
        if (path === full.slice(0, -1)) return { kind: 'dir' };
        if (!path.startsWith(full)) continue;
        const file = path.slice(full.length);
        if (file.includes('/')) return undefined;
        const scope = def.shared ? '*' : this.node;
        if (!re.test(file)) return { kind: 'scratch', key: `${scope}:${path}` };
        const pool = c.poolFor(def.id, this.node);
        return pool ? { kind: 'volume', def, pool, volname: `${prefix}${file}` } : undefined;
      }
    }
    return undefined;
  }

  isDir(path: string): boolean {
    return this.place(path)?.kind === 'dir';
  }

  read(path: string): Buffer | undefined {
    const p = this.place(path);
    if (!p || p.kind === 'dir') return undefined;
    if (p.kind === 'scratch') return this.sim.state.scratch.get(p.key);
    const vol = p.pool.volumes.get(p.volname);
    return vol ? volumeBytes(vol) : undefined;
  }

  /** `sha256sum` & co: a large streamed-in volume answers with the digest recorded for it. */
  digest(path: string, algorithm: string): string | undefined {
    const p = this.place(path);
    if (p?.kind === 'volume') {
      const vol = p.pool.volumes.get(p.volname);
      return vol ? volumeDigest(vol, algorithm) : undefined;
    }
    const data = this.read(path);
    return data ? digest(algorithm, data) : undefined;
  }

  size(path: string): number | undefined {
    const p = this.place(path);
    if (p?.kind === 'volume') return p.pool.volumes.get(p.volname)?.size;
    return this.read(path)?.length;
  }

  /** Writes a file; returns an error text (ENOSPC, EACCES) or undefined. */
  write(path: string, data: Buffer): string | undefined {
    const p = this.place(path);
    if (!p || p.kind === 'dir') return 'Permission denied';
    if (p.kind === 'scratch') {
      this.sim.state.scratch.set(p.key, data);
      return undefined;
    }
    const old = p.pool.volumes.get(p.volname);
    const free = p.pool.total - p.pool.used + (old?.size ?? 0);
    if (free < data.length) return 'No space left on device';
    p.pool.used += data.length - (old?.size ?? 0);
    const vol: Volume = {
      volid: `${p.def.id}:${p.volname}`,
      storage: p.def.id,
      name: p.volname,
      content: contentOfVolume(p.def, p.volname),
      format: formatOfVolume(p.def, p.volname),
      size: data.length,
      ctime: this.sim.now(),
      data,
    };
    p.pool.volumes.set(p.volname, vol);
    return undefined;
  }

  remove(path: string): boolean {
    const p = this.place(path);
    if (!p || p.kind === 'dir') return false;
    if (p.kind === 'scratch') return this.sim.state.scratch.delete(p.key);
    const vol = p.pool.volumes.get(p.volname);
    if (!vol) return false;
    p.pool.volumes.delete(p.volname);
    p.pool.used = Math.max(0, p.pool.used - vol.size);
    return true;
  }

  /** The path of a volume as PVE shows it (for messages). */
  static pathOf(def: StorageDef, volname: string): string {
    return volumePath(def, volname);
  }
}
