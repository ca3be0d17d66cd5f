import type { Pool } from 'undici';
import { PveAbortError, PveTimeoutError } from '../errors.js';
import type { PveLogger } from '../logger.js';
import { errCode, toNetworkError } from './classify.js';
import { apiPath, encodeParams } from './encode.js';
import type { RawResponse } from './response.js';
import type { SendOptions } from './transport.js';

/** One HTTP exchange with one endpoint; every failure becomes a typed PveError. */
export async function sendOnce(
  pool: Pool,
  endpoint: string,
  req: SendOptions,
  opts: { logger: PveLogger; secrets: () => readonly string[] },
): Promise<RawResponse> {
  const encoded = encodeParams(req.params);
  const inBody = req.method === 'POST' || req.method === 'PUT';
  const path = apiPath(req.path) + (!inBody && encoded ? `?${encoded}` : '');
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded';
  // One controller per request, cleaned up in `finally`: long-lived caller signals (a
  // whole build) must not accumulate listeners or timers across thousands of requests.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  if (req.signal?.aborted) controller.abort();
  const signal = controller.signal;
  const ctx = { method: req.method, path: req.path, endpoint, secrets: opts.secrets() };
  const started = Date.now();
  try {
    const res = await pool.request({
      path,
      method: req.method,
      headers,
      body: inBody ? encoded : null,
      signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const text = await res.body.text();
    let body: unknown;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined; // PVE's auth-layer errors have empty or non-JSON bodies
      }
    }
    opts.logger.debug(
      {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Date.now() - started,
        endpoint,
      },
      'PVE request',
    );
    return { status: res.statusCode, reason: res.statusText ?? '', body, endpoint };
  } catch (err) {
    if (req.signal?.aborted) throw new PveAbortError('request aborted', { ...ctx, cause: err });
    if (
      timedOut ||
      (/TIMEOUT/.test(errCode(err) ?? '') && errCode(err) !== 'UND_ERR_CONNECT_TIMEOUT')
    ) {
      throw new PveTimeoutError(`PVE request timed out after ${req.timeoutMs} ms`, {
        ...ctx,
        cause: err,
        timeoutMs: req.timeoutMs,
      });
    }
    throw toNetworkError(err, ctx);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
