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

export const DEFAULT_POLL: PollOptions = { initialMs: 250, maxMs: 5_000, factor: 1.5 };

export interface PveClientOptions {
  /** Base URLs like 'https://10.0.0.1:8006'; any node answers for the cluster. Failover in order. */
  endpoints: string[];
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
