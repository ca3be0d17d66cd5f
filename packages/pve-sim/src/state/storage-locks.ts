import type { StorageDef } from './types.js';

/**
 * pve-storage's cluster_lock_storage around vdisk_alloc / vdisk_clone / vdisk_free: a cluster-wide
 * cfs lock (`cfs-lock 'storage-<id>'`) for shared storages, a node-local flock
 * (/var/lock/pve-manager/pve-storage-<id>) otherwise. Both wait 10 s by default.
 */
export class StorageLocks {
  private readonly held = new Map<string, Promise<void>>();

  static key(def: StorageDef, node: string): string {
    return def.shared ? def.id : `${def.id}/${node}`;
  }

  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  /** Waits up to `timeoutMs` (real ms); throws the error text PVE's lock helper produces. */
  async acquire(def: StorageDef, node: string, timeoutMs: number): Promise<() => void> {
    const key = StorageLocks.key(def, node);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.held.get(key);
      if (!current) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(timeoutMessage(def));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        current,
        new Promise<void>((r) => (timer = setTimeout(r, Math.min(left, 2 ** 31 - 1)))),
      ]);
      clearTimeout(timer);
    }
    let release!: () => void;
    const p = new Promise<void>((r) => (release = r));
    this.held.set(key, p);
    return () => {
      if (this.held.get(key) === p) this.held.delete(key);
      release();
    };
  }

  /** A holder outside the simulation (another node, a stuck lvcreate): holds for `realMs`. */
  holdFor(def: StorageDef, node: string, realMs: number): void {
    void this.acquire(def, node, Number.MAX_SAFE_INTEGER).then((release) => {
      setTimeout(release, Math.max(0, realMs));
    });
  }
}

export function timeoutMessage(def: StorageDef): string {
  return def.shared
    ? `cfs-lock 'storage-${def.id}' error: got lock request timeout`
    : `can't lock file '/var/lock/pve-manager/pve-storage-${def.id}' - got timeout`;
}
