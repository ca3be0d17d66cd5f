import { authError } from '../http/errors.js';
import type { ClusterState } from '../state/cluster.js';
import type { Identity } from '../state/types.js';
import type { TicketSigner } from './tickets.js';

export interface AuthHeaders {
  cookie?: string;
  authorization?: string;
}

function ticketFrom(h: AuthHeaders): string | undefined {
  for (const source of [h.cookie, h.authorization]) {
    if (!source) continue;
    for (const part of source.split(';')) {
      const m = /^\s*PVEAuthCookie=(.*)$/.exec(part);
      if (m) return decodeURIComponent((m[1] ?? '').trim());
    }
  }
  return undefined;
}

function userUsable(c: ClusterState, userid: string, now: number): boolean {
  const u = c.users.get(userid);
  return !!u && u.enable && (u.expire === 0 || u.expire > now);
}

/** PVE's auth_handler: a ticket cookie wins over an API token; failures are bodiless 401s. */
export function identify(
  c: ClusterState,
  signer: TicketSigner,
  h: AuthHeaders,
  now: number,
): Identity {
  const ticket = ticketFrom(h);
  if (ticket !== undefined) {
    const userid = signer.verifyTicket(ticket);
    if (!userid || !userUsable(c, userid, now)) throw authError('Authentication failed!');
    return { userid, viaTicket: true };
  }
  const m = /^PVEAPIToken[= ]([^;]*)/.exec(h.authorization ?? '');
  if (!m) throw authError('No ticket');
  const value = m[1] ?? '';
  const eq = value.lastIndexOf('=');
  const tokenid = value.slice(0, eq);
  const secret = value.slice(eq + 1);
  const tm = /^(\S+@[^\s!]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/.exec(tokenid);
  const token = c.tokens.get(tokenid);
  if (eq < 0 || !tm || !token || token.secret !== secret) throw authError('Authentication failed!');
  if (token.expire !== 0 && token.expire <= now) throw authError('Authentication failed!');
  if (!userUsable(c, token.userid, now)) throw authError('Authentication failed!');
  return { userid: token.userid, tokenid: tm[2] ?? '', viaTicket: false };
}
