/**
 * Retry policy, pure (no I/O, injectable randomness) so it can be tested exhaustively.
 *
 * - Reads (GET, or requests marked idempotent): retried on network errors, timeouts and
 *   502/503/504/595/596/599. Not on 500: PVE uses 500 for deterministic handler errors
 *   ("storage 'x' does not exist"), where a retry only delays the answer.
 * - Everything else (POST/PUT/DELETE): retried only when the request provably never left
 *   this process (connection could not be established). Never on a status code, never on a
 *   timeout or a reset after sending: a POST that creates something is never sent twice.
 */

export interface RetryOptions {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

export type FailureKind =
  | { kind: 'connect' } // nothing was sent (refused, DNS, unreachable, connect timeout, TLS)
  | { kind: 'network' } // failed after sending (reset, socket closed mid-response)
  | { kind: 'timeout' }
  | { kind: 'fatal' } // e.g. certificate verification: retrying cannot help
  | { kind: 'status'; status: number };

export interface RetryInput {
  method: string;
  idempotent?: boolean;
  /** Attempts made so far (>= 1). */
  attempt: number;
  failure: FailureKind;
}

const RETRYABLE_READ_STATUS = new Set([502, 503, 504, 595, 596, 599]);

export function isRetryable(input: Pick<RetryInput, 'method' | 'idempotent' | 'failure'>): boolean {
  const { failure } = input;
  if (failure.kind === 'fatal') return false;
  if (failure.kind === 'connect') return true;
  const read = input.method.toUpperCase() === 'GET' || input.idempotent === true;
  if (!read) return false;
  if (failure.kind === 'status') return RETRYABLE_READ_STATUS.has(failure.status);
  return true;
}

/** Capped exponential backoff with "equal jitter": half fixed, half random. */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

export function decideRetry(
  input: RetryInput,
  opts: RetryOptions = DEFAULT_RETRY,
  random: () => number = Math.random,
): RetryDecision {
  if (input.attempt >= opts.attempts || !isRetryable(input)) return { retry: false };
  return { retry: true, delayMs: backoffDelay(input.attempt, opts, random) };
}
