import { PveAuthError, PveError } from '../errors.js';
import { dataOf, errorFromResponse, type RawResponse } from '../http/response.js';
import type { HttpMethod } from '../http/transport.js';
import type { PveLogger } from '../logger.js';
import type { AuthHeaders, AuthStrategy } from './types.js';
import { untilAborted } from './until-aborted.js';

/** PVE tickets live 2 h (pve-access-control $ticket_lifetime). */
export const TICKET_LIFETIME_MS = 2 * 3600_000;

export interface TicketAuthOptions {
  username: string;
  password: string;
  /** Sends POST /access/ticket without auth headers (the transport, with failover). */
  login: (params: { username: string; password: string }) => Promise<RawResponse>;
  now: () => number;
  /** Renew after this age; default 1 h, i.e. well before the 2 h expiry. */
  renewAfterMs?: number;
  logger: PveLogger;
}

interface TicketState {
  ticket: string;
  csrf: string;
  obtainedAt: number;
  generation: number;
}

/**
 * Username/password auth with PVE tickets. The ticket is renewed (POST /access/ticket with
 * the ticket as password) once it is `renewAfterMs` old; every concurrent caller waits on
 * the same single renewal or login, so a burst of requests never logs in twice.
 */
export function ticketAuth(opts: TicketAuthOptions): AuthStrategy {
  const renewAfterMs = opts.renewAfterMs ?? 3600_000;
  let state: TicketState | undefined;
  let generation = 0;
  let inflight: Promise<TicketState> | undefined;

  const singleFlight = (fn: () => Promise<TicketState>): Promise<TicketState> => {
    inflight ??= fn().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  const obtain = async (password: string): Promise<TicketState> => {
    const res = await opts.login({ username: opts.username, password });
    const data = dataOf(res) as {
      ticket?: unknown;
      CSRFPreventionToken?: unknown;
      NeedTFA?: unknown;
    } | null;
    const ctx = { method: 'POST', path: '/access/ticket', secrets: secrets() };
    if (res.status !== 200 || !data) {
      const err = errorFromResponse(
        // PVE answers a refused login 401 with {"data":null}; some proxies answer 200 + null.
        res.status === 200 ? { ...res, status: 401, reason: 'authentication failure' } : res,
        ctx,
      );
      throw err;
    }
    if (data.NeedTFA) {
      throw new PveAuthError({
        ...ctx,
        status: 401,
        reason: 'two-factor authentication required (not supported)',
      });
    }
    if (typeof data.ticket !== 'string' || typeof data.CSRFPreventionToken !== 'string') {
      throw new PveError('login answer lacks ticket or CSRFPreventionToken', ctx);
    }
    generation += 1;
    state = {
      ticket: data.ticket,
      csrf: data.CSRFPreventionToken,
      obtainedAt: opts.now(),
      generation,
    };
    return state;
  };

  const login = (): Promise<TicketState> => obtain(opts.password);

  const renew = async (old: TicketState): Promise<TicketState> => {
    try {
      return await obtain(old.ticket);
    } catch (err) {
      if (err instanceof PveAuthError) {
        // The ticket expired meanwhile (e.g. the process was suspended): log in afresh.
        opts.logger.info({ user: opts.username }, 'PVE ticket renewal refused, logging in again');
        return login();
      }
      if (opts.now() - old.obtainedAt < TICKET_LIFETIME_MS - 5 * 60_000) {
        // Transient failure and the old ticket is still valid: keep it, renew next call.
        opts.logger.warn(
          { user: opts.username, error: (err as Error).message },
          'PVE ticket renewal failed',
        );
        return old;
      }
      throw err;
    }
  };

  // The shared login never takes one caller's signal: one caller giving up must not fail
  // the others. Each caller only stops waiting for it.
  const current = (signal?: AbortSignal): Promise<TicketState> => {
    const st = state;
    if (st && opts.now() - st.obtainedAt < renewAfterMs) return Promise.resolve(st);
    return untilAborted(
      singleFlight(() => (st ? renew(st) : login())),
      signal,
    );
  };

  function secrets(): string[] {
    return state ? [opts.password, state.ticket, state.csrf] : [opts.password];
  }

  return {
    kind: 'ticket',
    async headersFor(method: HttpMethod, signal?: AbortSignal): Promise<AuthHeaders> {
      const st = await current(signal);
      const headers: Record<string, string> = {
        cookie: `PVEAuthCookie=${encodeURIComponent(st.ticket)}`,
      };
      // CSRF is required for every non-GET request made with a ticket.
      if (method !== 'GET') headers['csrfpreventiontoken'] = st.csrf;
      return { headers, generation: st.generation };
    },
    async recover(usedGeneration: number, signal?: AbortSignal): Promise<boolean> {
      // Another caller already replaced the ticket that got the 401: just replay.
      if (state && state.generation !== usedGeneration) return true;
      await untilAborted(
        singleFlight(() => login()),
        signal,
      );
      return true;
    },
    secrets,
  };
}
