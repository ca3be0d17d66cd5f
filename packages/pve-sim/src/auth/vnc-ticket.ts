import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type SimClock, unixTime } from '../state/clock.js';

/** pve-access-control accepts VNC tickets from 20 s "in the future" up to 40 s old. */
const MIN_AGE = -20;
const MAX_AGE = 40;

const hex8 = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

/**
 * PVE's short-lived VNC tickets (PVE::AccessControl::assemble_vnc_ticket): `PVEVNC:<hex time>::<sig>`
 * where the signature also covers "<authid>:<path>:<port>", so a ticket only works for the same
 * user or token id, the same /vms/<vmid> path and the port vncproxy opened. Signed here with a
 * per-process HMAC key instead of the cluster's RSA key.
 */
export class VncTicketSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly clock: SimClock) {}

  assemble(authid: string, path: string, port: number): string {
    const plain = `PVEVNC:${hex8(unixTime(this.clock))}`;
    return `${plain}::${this.sign(`${plain}:${authid}:${path}:${port}`)}`;
  }

  verify(ticket: string, authid: string, path: string, port: number): boolean {
    // Since qemu-server 9.1.8 the returned ticket is prefixed with the 8-character VNC password.
    const unprefixed = /^.{8}:(PVEVNC:.*)$/s.exec(ticket)?.[1] ?? ticket;
    const m = /^(PVEVNC:\S+)::([^:\s]+)$/.exec(unprefixed);
    if (!m) return false;
    const plain = m[1] ?? '';
    const expected = Buffer.from(this.sign(`${plain}:${authid}:${path}:${port}`));
    const given = Buffer.from(m[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const t = /^PVEVNC:([A-Z0-9]{8})$/.exec(plain)?.[1];
    if (!t) return false;
    const age = unixTime(this.clock) - parseInt(t, 16);
    return age > MIN_AGE && age < MAX_AGE;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64');
  }
}

/** PVE::Ticket::generate_vnc_password: 8 random characters from '!' to '`'. */
export function generateVncPassword(): string {
  return [...randomBytes(8)].map((b) => String.fromCharCode(0x21 + (b % 64))).join('');
}
