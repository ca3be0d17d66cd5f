/** The per-VM config flock (/var/lock/qemu-server/lock-<vmid>.conf) that workers hold. */
export class VmLocks {
  private readonly held = new Map<number, Promise<void>>();

  isHeld(vmid: number): boolean {
    return this.held.has(vmid);
  }

  /** Waits up to `timeoutMs` (real ms) for the lock; throws PVE's got-timeout error. */
  async acquire(vmid: number, timeoutMs: number): Promise<() => void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.held.get(vmid);
      if (!current) break;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`can't lock file '/var/lock/qemu-server/lock-${vmid}.conf' - got timeout`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    let release!: () => void;
    const p = new Promise<void>((r) => (release = r));
    this.held.set(vmid, p);
    return () => {
      if (this.held.get(vmid) === p) this.held.delete(vmid);
      release();
    };
  }
}
