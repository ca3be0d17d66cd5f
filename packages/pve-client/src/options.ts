import type { AuthConfig } from './auth/types.js';
import type { RetryOptions } from './http/retry-policy.js';
import type { TlsOptions } from './http/tls.js';
import type { PveLogger } from './logger.js';

export interface Timeouts {
  /** Each read request (GET): seconds, never proxmoxer's 5 s. */
  readMs: number;
  /** Each write request (the synchronous part; long work runs in tasks). */
  writeMs: number;
  /** Waiting for a task to finish (qmcreate, qmtemplate, ...). */
  taskWaitMs: number;
  /** Waiting for a download task; ISOs over slow links take hours. */
  downloadMs: number;
  /** TCP + TLS connection establishment, per endpoint. */
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  readMs: 30_000,
  writeMs: 60_000,
  taskWaitMs: 30 * 60_000,
  downloadMs: 6 * 3600_000,
  connectMs: 10_000,
};

export interface PollOptions {
  /** First delay between task status polls. */
  initialMs: number;
  /** Upper bound for the delay; it grows by `factor` after every poll. */
  maxMs: number;
  factor: number;
}

/**
 * The gap between polls grows by 12 % per poll, so the end of a task is seen within about
 * 12 % of its duration plus 200 ms (with x1.5 a 10 s task was seen up to 5 s late); a 60 s
 * task costs about 32 polls.
 */
export const DEFAULT_POLL: PollOptions = { initialMs: 200, maxMs: 5_000, factor: 1.12 };

export interface PveClientOptions {
  /** Base URLs like 'https://10.0.0.1:8006'; any node answers for the cluster. Failover in order. */
  endpoints: string[];
  /**
   * Spread GETs over the endpoints, each to the one with the fewest requests in flight (default
   * false: every request goes to the preferred endpoint, the others are failover only).
   */
  spreadReads?: boolean;
  auth: AuthConfig;
  tls?: TlsOptions;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryOptions>;
  /** Task polling cadence (tests speed it up). */
  poll?: Partial<PollOptions>;
  logger?: PveLogger;
  /** Injectable clock for ticket renewal. */
  now?: () => number;
  /** Ticket age at which it is renewed (default 1 h; PVE tickets last 2 h). */
  ticketRenewAfterMs?: number;
  /** Injectable randomness for retry jitter. */
  random?: () => number;
}
