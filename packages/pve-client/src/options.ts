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
  /**
   * When set, the gap is also at most this share of the time waited so far (never below
   * `initialMs`): the end of a task is then seen within about this share of its duration.
   */
  fraction?: number;
  /**
   * When tailing a task's log: read it at most this often while the task runs (undefined: with
   * every status poll). The log is read once more when the task has stopped, unless the read
   * beside the final status already ended with PVE's closing `TASK ...` line.
   */
  logEveryMs?: number;
}

/**
 * Every 100 ms for the first 1.25 s, then a gap of 8 % of the time waited so far (up to 5 s),
 * each gap counted from when the previous poll was sent: a task's end is seen within about
 * 8 % of its duration or 100 ms (a 2 s create within ~160 ms, a 10 s one within ~0.8 s; the
 * x1.12 schedule before saw a 2 s task up to ~450 ms late). The price is polls: ~18 for a 2 s
 * task, ~60 for a 60 s one, then one every 5 s; a status read is cheap for PVE (pvedaemon
 * reads the task's status file). A tailed log is read every 500 ms while the task runs (a
 * teacher's progress line needs no more) and once at the end: ~23 calls for a 2 s create where
 * reading it beside every status took 36, for one round trip more at the end at most.
 */
export const DEFAULT_POLL: PollOptions = {
  initialMs: 100,
  maxMs: 5_000,
  factor: 1.5,
  fraction: 0.08,
  logEveryMs: 500,
};

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
