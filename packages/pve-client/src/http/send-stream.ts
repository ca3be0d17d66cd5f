import type { Readable } from 'node:stream';
import type { Pool } from 'undici';
import { PveAbortError, PveTimeoutError } from '../errors.js';
import { errCode, toNetworkError } from './classify.js';
import { apiPath } from './encode.js';
import type { RawResponse } from './response.js';

export interface StreamRequest {
  method: 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  /** Sent as-is with this exact Content-Length; a stream cannot be replayed, so never retried. */
  body: Readable;
  contentLength: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One streamed request to one endpoint (no retries, no failover); failures become PveErrors. */
export async function sendStream(
  pool: Pool,
  endpoint: string,
  req: StreamRequest,
  secrets: readonly string[],
): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  if (req.signal?.aborted) controller.abort();
  const ctx = { method: req.method, path: req.path, endpoint, secrets };
  try {
    const res = await pool.request({
      path: apiPath(req.path),
      method: req.method,
      headers: {
        accept: 'application/json',
        ...req.headers,
        'content-length': String(req.contentLength),
      },
      body: req.body,
      signal: controller.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const text = await res.body.text();
    let body: unknown;
    try {
      body = text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, reason: res.statusText ?? '', body, endpoint };
  } catch (err) {
    req.body.destroy();
    if (req.signal?.aborted) throw new PveAbortError('request aborted', { ...ctx, cause: err });
    if (
      timedOut ||
      (/TIMEOUT/.test(errCode(err) ?? '') && errCode(err) !== 'UND_ERR_CONNECT_TIMEOUT')
    )
      throw new PveTimeoutError(`PVE request timed out after ${req.timeoutMs} ms`, {
        ...ctx,
        cause: err,
        timeoutMs: req.timeoutMs,
      });
    throw toNetworkError(err, ctx);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
