/**
 * A coarse per-address ceiling on failed logins, on top of the per-username rate limit: one
 * address trying many usernames (password spraying) is stopped too. Fixed windows, in memory.
 */
export class IpThrottle {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the address is below its ceiling of failures in the current window. */
  allowed(ip: string): boolean {
    const w = this.windows.get(ip);
    return !w || w.resetAt <= this.now() || w.count < this.max;
  }

  fail(ip: string): void {
    const t = this.now();
    const w = this.windows.get(ip);
    if (!w || w.resetAt <= t) {
      if (this.windows.size > 10_000) this.prune(t);
      this.windows.set(ip, { count: 1, resetAt: t + this.windowMs });
    } else {
      w.count++;
    }
  }

  private prune(t: number): void {
    for (const [ip, w] of this.windows) if (w.resetAt <= t) this.windows.delete(ip);
  }
}
