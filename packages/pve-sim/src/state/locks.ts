interface HeldLock {
  shared: boolean;
  holders: number;
  released: Promise<void>;
  resolve: () => void;
}

/**
 * The per-VM config flock (/var/lock/qemu-server/lock-<vmid>.conf) that workers hold. Like flock,
 * shared holders (clone of a stopped VM: lock_config_shared) coexist; an exclusive holder waits for
 * all of them and blocks everybody else.
 */
export class VmLocks {
  private readonly held = new Map<number, HeldLock>();

  isHeld(vmid: number): boolean {
    return this.held.has(vmid);
  }

  /** Waits up to `timeoutMs` (real ms) for the lock; throws PVE's got-timeout error. */
  async acquire(vmid: number, timeoutMs: number, shared = false): Promise<() => void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.held.get(vmid);
      if (!current) break;
      if (shared && current.shared) {
        current.holders++;
        return this.releaser(vmid, current);
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`can't lock file '/var/lock/qemu-server/lock-${vmid}.conf' - got timeout`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        current.released,
        new Promise<void>((r) => (timer = setTimeout(r, left))),
      ]);
      clearTimeout(timer);
    }
    let resolve!: () => void;
    const released = new Promise<void>((r) => (resolve = r));
    const lock: HeldLock = { shared, holders: 1, released, resolve };
    this.held.set(vmid, lock);
    return this.releaser(vmid, lock);
  }

  private releaser(vmid: number, lock: HeldLock): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      lock.holders--;
      if (lock.holders > 0) return;
      if (this.held.get(vmid) === lock) this.held.delete(vmid);
      lock.resolve();
    };
  }
}
