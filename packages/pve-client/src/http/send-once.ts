import type { Pool } from 'undici';
import type { PveLogger } from '../logger.js';
import { apiPath, encodeParams } from './encode.js';
import { exchangeFailure, parseBody, requestDeadline } from './exchange.js';
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
  const deadline = requestDeadline(req.signal, req.timeoutMs);
  const ctx = { method: req.method, path: req.path, endpoint, secrets: opts.secrets() };
  const started = Date.now();
  try {
    const res = await pool.request({
      path,
      method: req.method,
      headers,
      body: inBody ? encoded : null,
      signal: deadline.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const body = parseBody(await res.body.text());
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
    throw exchangeFailure(err, ctx, {
      aborted: req.signal?.aborted === true,
      timedOut: deadline.timedOut(),
      timeoutMs: req.timeoutMs,
    });
  } finally {
    deadline.dispose();
  }
}
