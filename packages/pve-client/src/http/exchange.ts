import { PveAbortError, PveTimeoutError, type PveError } from '../errors.js';
import { errCode, toNetworkError } from './classify.js';

type Ctx = { method: string; path: string; endpoint: string; secrets: readonly string[] };

/**
 * One request's own abort signal: aborted by the caller's signal or by the deadline, cleaned up
 * in `dispose` so long-lived caller signals (a whole build) gather no listeners or timers.
 */
export interface RequestDeadline {
  signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

export function requestDeadline(
  caller: AbortSignal | undefined,
  timeoutMs: number,
): RequestDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  caller?.addEventListener('abort', onAbort, { once: true });
  if (caller?.aborted) controller.abort();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/** A response body as JSON; PVE's auth-layer errors have empty or non-JSON bodies (undefined). */
export function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The typed error for an exchange that failed before a response: aborted, timed out, network. */
export function exchangeFailure(
  err: unknown,
  ctx: Ctx,
  o: { aborted: boolean; timedOut: boolean; timeoutMs: number },
): PveError {
  if (o.aborted) return new PveAbortError('request aborted', { ...ctx, cause: err });
  const code = errCode(err) ?? '';
  if (o.timedOut || (/TIMEOUT/.test(code) && code !== 'UND_ERR_CONNECT_TIMEOUT')) {
    return new PveTimeoutError(`PVE request timed out after ${o.timeoutMs} ms`, {
      ...ctx,
      cause: err,
      timeoutMs: o.timeoutMs,
    });
  }
  return toNetworkError(err, ctx);
}
