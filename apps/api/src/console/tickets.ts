import type { PreparedConsole } from '@labforge/engine';
import { randomBytes } from 'node:crypto';

/**
 * One-time console tickets: random, bound to the user, cluster and VMID, valid for seconds and
 * consumed by the first attempt to use them (right or wrong). They hold the prepared Proxmox
 * console (its vncticket never leaves the server). The lifetime is at most the ~10 s PVE's
 * vncproxy task waits for its WebSocket: a later ticket would open a console that is gone.
 */
export interface ConsoleGrant {
  userId: string;
  clusterId: string;
  vmid: number;
  expires: number;
  prepared: PreparedConsole;
}

export type TakeResult =
  { ok: true; grant: ConsoleGrant } | { ok: false; reason: 'unknown' | 'expired' | 'mismatch' };

export class ConsoleTickets {
  private readonly grants = new Map<string, ConsoleGrant>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(grant: Omit<ConsoleGrant, 'expires'>): { ticket: string; expires: number } {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expires = this.now() + this.ttlMs;
    this.grants.set(ticket, { ...grant, expires });
    return { ticket, expires };
  }

  /** Consumes the ticket whatever the outcome: a replay or a guess never gets a second try. */
  take(ticket: string, who: { userId: string; clusterId: string; vmid: number }): TakeResult {
    const grant = this.grants.get(ticket);
    this.grants.delete(ticket);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.expires <= this.now()) return { ok: false, reason: 'expired' };
    if (grant.userId !== who.userId || grant.clusterId !== who.clusterId || grant.vmid !== who.vmid)
      return { ok: false, reason: 'mismatch' };
    return { ok: true, grant };
  }

  get size(): number {
    return this.grants.size;
  }

  clear(): void {
    this.grants.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, g] of this.grants) if (g.expires <= now) this.grants.delete(t);
  }
}
