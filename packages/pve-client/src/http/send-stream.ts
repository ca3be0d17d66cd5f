import type { Readable } from 'node:stream';
import type { Pool } from 'undici';
import { apiPath } from './encode.js';
import { exchangeFailure, parseBody, requestDeadline } from './exchange.js';
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
  const deadline = requestDeadline(req.signal, req.timeoutMs);
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
      signal: deadline.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const body = parseBody(await res.body.text());
    return { status: res.statusCode, reason: res.statusText ?? '', body, endpoint };
  } catch (err) {
    req.body.destroy();
    throw exchangeFailure(err, ctx, {
      aborted: req.signal?.aborted === true,
      timedOut: deadline.timedOut(),
      timeoutMs: req.timeoutMs,
    });
  } finally {
    deadline.dispose();
  }
}
