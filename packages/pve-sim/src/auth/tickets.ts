import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type SimClock, unixTime } from '../state/clock.js';

export const TICKET_LIFETIME = 7200;
const CLOCK_SKEW = 300;

const hex8 = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

/** Tickets and CSRF tokens in PVE's format, signed with a per-process key. */
export class TicketSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly clock: SimClock) {}

  issue(userid: string): { ticket: string; csrf: string } {
    const time = hex8(unixTime(this.clock));
    const plain = `PVE:${userid.replace(/:/g, '%3A')}:${time}`;
    return { ticket: `${plain}::${this.sign(plain)}`, csrf: this.csrfFor(time, userid) };
  }

  /** The userid of a still-valid ticket, else undefined. */
  verifyTicket(ticket: string): string | undefined {
    if (!/^PVE:\S+::[^:\s]+$/.test(ticket)) return undefined;
    const [plain, sig] = ticket.split('::') as [string, string];
    if (!this.same(this.sign(plain), sig)) return undefined;
    const m = /^PVE:(.+):([0-9A-F]{8})$/.exec(plain);
    if (!m) return undefined;
    if (!this.fresh(parseInt(m[2] ?? '0', 16))) return undefined;
    return (m[1] ?? '').replace(/%3A/g, ':');
  }

  verifyCsrf(token: string, userid: string): boolean {
    const m = /^([0-9A-F]{8}):(\S+)$/.exec(token);
    if (!m) return false;
    const time = m[1] ?? '';
    return this.same(this.csrfFor(time, userid), token) && this.fresh(parseInt(time, 16));
  }

  private fresh(issued: number): boolean {
    const age = unixTime(this.clock) - issued;
    return age < TICKET_LIFETIME && age > -CLOCK_SKEW;
  }

  private csrfFor(time: string, userid: string): string {
    const sig = createHmac('sha256', this.key).update(`${time}:${userid}`).digest('base64');
    return `${time}:${sig.replace(/=+$/, '')}`;
  }

  private sign(plain: string): string {
    return createHmac('sha256', this.key).update(plain).digest('base64');
  }

  private same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
