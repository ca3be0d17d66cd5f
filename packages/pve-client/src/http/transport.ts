import type { Pool } from 'undici';
import {
  PveAbortError,
  PveError,
  PveNetworkError,
  PveTimeoutError,
  PveTlsError,
} from '../errors.js';
import type { PveLogger } from '../logger.js';
import type { Params } from '../types.js';
import { apiPath, encodeParams } from './encode.js';
import { errorFromResponse, type RawResponse } from './response.js';
import { decideRetry, type FailureKind, type RetryOptions } from './retry-policy.js';
import { sleep } from './sleep.js';
import { createEndpointPool, isConnectPhaseError, type TlsOptions } from './tls.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface TransportOptions {
  endpoints: string[];
  tls?: TlsOptions;
  connectTimeoutMs: number;
  retry: RetryOptions;
  logger: PveLogger;
  secrets: () => readonly string[];
  random?: () => number;
}

export interface SendOptions {
  method: HttpMethod;
  path: string;
  params?: Params;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  idempotent?: boolean;
}

// Codes that mean the TCP/TLS connection was never established, so nothing was sent.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTlsError(err: unknown): boolean {
  const code = errCode(err) ?? '';
  return (
    code === 'ERR_PVE_FINGERPRINT_MISMATCH' ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)
  );
}

/**
 * Sends requests to a PVE cluster: failover across endpoints on connection failures (the
 * working endpoint stays preferred), timeouts per request, retries as the pure policy says.
 * Returns every HTTP answer (also 4xx/5xx) so the auth layer can react to 401s.
 */
export class Transport {
  private readonly pools: Pool[];
  private readonly origins: string[];
  private preferred = 0;

  constructor(private readonly opts: TransportOptions) {
    if (opts.endpoints.length === 0) throw new TypeError('at least one PVE endpoint is required');
    this.origins = opts.endpoints.map((e) => {
      const url = new URL(e);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new TypeError(`PVE endpoint must be an http(s) URL: ${e}`);
      }
      return url.origin;
    });
    this.pools = this.origins.map((origin) =>
      createEndpointPool(origin, {
        ...(opts.tls ? { tls: opts.tls } : {}),
        connectTimeoutMs: opts.connectTimeoutMs,
        logger: opts.logger,
      }),
    );
  }

  async send(req: SendOptions): Promise<RawResponse> {
    for (let attempt = 1; ; attempt++) {
      let failure: FailureKind;
      let error: PveError;
      try {
        const res = await this.sendToAnyEndpoint(req);
        if (res.status < 500) return res;
        failure = { kind: 'status', status: res.status };
        error = errorFromResponse(res, { method: req.method, path: req.path });
        const decision = decideRetry(
          { method: req.method, idempotent: req.idempotent, attempt, failure },
          this.opts.retry,
          this.opts.random,
        );
        if (!decision.retry) return res;
        await this.backoff(req, attempt, decision.delayMs, error);
        continue;
      } catch (err) {
        if (!(err instanceof PveError) || err instanceof PveAbortError) throw err;
        error = err;
        failure = failureOf(err);
      }
      const decision = decideRetry(
        { method: req.method, idempotent: req.idempotent, attempt, failure },
        this.opts.retry,
        this.opts.random,
      );
      if (!decision.retry) throw error;
      await this.backoff(req, attempt, decision.delayMs, error);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }

  private async backoff(req: SendOptions, attempt: number, delayMs: number, error: PveError) {
    this.opts.logger.warn(
      { method: req.method, path: req.path, attempt, delayMs, error: error.message },
      'PVE request failed, retrying',
    );
    try {
      await sleep(delayMs, req.signal);
    } catch {
      throw new PveAbortError('request aborted', { method: req.method, path: req.path });
    }
  }

  /** One attempt: the preferred endpoint first, then the others on connection failures. */
  private async sendToAnyEndpoint(req: SendOptions): Promise<RawResponse> {
    const n = this.pools.length;
    let lastError: PveError | undefined;
    let tlsError: PveError | undefined;
    for (let i = 0; i < n; i++) {
      const idx = (this.preferred + i) % n;
      try {
        const res = await this.sendOnce(idx, req);
        if (idx !== this.preferred) {
          this.opts.logger.warn(
            { from: this.origins[this.preferred], to: this.origins[idx] },
            'PVE endpoint failover',
          );
          this.preferred = idx;
        }
        return res;
      } catch (err) {
        if (err instanceof PveNetworkError && err.connectPhase) {
          lastError = err;
          if (err instanceof PveTlsError) tlsError ??= err;
          continue;
        }
        throw err;
      }
    }
    // A certificate problem is the more useful message than a refused backup endpoint.
    throw tlsError ?? lastError!;
  }

  private async sendOnce(idx: number, req: SendOptions): Promise<RawResponse> {
    const pool = this.pools[idx]!;
    const endpoint = this.origins[idx]!;
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
    const ctx = { method: req.method, path: req.path, endpoint, secrets: this.opts.secrets() };
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
      this.opts.logger.debug(
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
      const connect = isConnectPhaseError(err) || CONNECT_CODES.has(errCode(err) ?? '');
      const why = (err as Error)?.message ?? String(err);
      const message = connect
        ? `cannot connect to ${endpoint}: ${why}`
        : `connection to ${endpoint} failed: ${why}`;
      const code = errCode(err);
      const netCtx = { ...ctx, cause: err, connectPhase: connect, ...(code ? { code } : {}) };
      throw isTlsError(err)
        ? new PveTlsError(message, netCtx)
        : new PveNetworkError(message, netCtx);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function failureOf(err: PveError): FailureKind {
  if (err instanceof PveTimeoutError) return { kind: 'timeout' };
  // A certificate that fails verification will fail again: no retry, only failover.
  if (err instanceof PveTlsError) return { kind: 'fatal' };
  if (err instanceof PveNetworkError && err.connectPhase) return { kind: 'connect' };
  return { kind: 'network' };
}
