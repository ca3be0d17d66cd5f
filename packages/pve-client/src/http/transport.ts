import type { Pool } from 'undici';
import { PveAbortError, PveError, PveNetworkError, PveTlsError } from '../errors.js';
import type { PveLogger } from '../logger.js';
import type { Params } from '../types.js';
import { failureOf } from './classify.js';
import { errorFromResponse, type RawResponse } from './response.js';
import { decideRetry, type FailureKind, type RetryOptions } from './retry-policy.js';
import { sendOnce } from './send-once.js';
import { sendStream, type StreamRequest } from './send-stream.js';
import { sleep } from './sleep.js';
import { createEndpointPool, type TlsOptions } from './tls.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface TransportOptions {
  endpoints: string[];
  tls?: TlsOptions;
  connectTimeoutMs: number;
  retry: RetryOptions;
  logger: PveLogger;
  secrets: () => readonly string[];
  random?: () => number;
  /** Spread reads over the endpoints (least requests in flight first); off: failover only. */
  spreadReads?: boolean;
}

/** An endpoint that refused a connection gets no spread reads for this long (failover still may). */
const DOWN_MS = 30_000;

export interface SendOptions {
  method: HttpMethod;
  path: string;
  params?: Params;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  idempotent?: boolean;
}

/**
 * Sends requests to a PVE cluster: failover across endpoints on connection failures (the
 * working endpoint stays preferred), timeouts per request, retries as the pure policy says.
 * With `spreadReads`, each GET starts at the endpoint with the fewest requests in flight (the
 * preferred one on a tie), so several entry nodes' pveproxy workers share the reads; writes,
 * uploads and the console keep to the preferred endpoint.
 * Returns every HTTP answer (also 4xx/5xx) so the auth layer can react to 401s.
 */
export class Transport {
  private readonly pools: Pool[];
  private readonly origins: string[];
  private preferred = 0;
  private readonly inFlight: number[];
  private readonly downUntil: number[];

  /** The endpoint requests go to now (a vncwebsocket must reach the node that ran vncproxy). */
  currentOrigin(): string {
    return this.origins[this.preferred] ?? this.origins[0] ?? '';
  }

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
    this.inFlight = this.origins.map(() => 0);
    this.downUntil = this.origins.map(() => 0);
  }

  /** Requests in flight per endpoint (in the configured order). */
  inFlightPerEndpoint(): number[] {
    return [...this.inFlight];
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

  /** A streamed body (uploads) to the preferred endpoint: one attempt, never retried. */
  sendStream(req: StreamRequest): Promise<RawResponse> {
    const idx = this.preferred;
    return sendStream(this.pools[idx]!, this.origins[idx]!, req, this.opts.secrets());
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

  /** Where an attempt starts: the preferred endpoint, or for a spread read the least busy one. */
  private startFor(req: SendOptions): number {
    const n = this.pools.length;
    if (!this.opts.spreadReads || n < 2 || req.method !== 'GET') return this.preferred;
    const now = Date.now();
    let best = -1;
    for (let i = 0; i < n; i++) {
      const idx = (this.preferred + i) % n;
      if ((this.downUntil[idx] ?? 0) > now) continue;
      if (best < 0 || (this.inFlight[idx] ?? 0) < (this.inFlight[best] ?? 0)) best = idx;
    }
    return best < 0 ? this.preferred : best;
  }

  /** One attempt: the start endpoint first, then the others on connection failures. */
  private async sendToAnyEndpoint(req: SendOptions): Promise<RawResponse> {
    const n = this.pools.length;
    const start = this.startFor(req);
    let lastError: PveError | undefined;
    let tlsError: PveError | undefined;
    for (let i = 0; i < n; i++) {
      const idx = (start + i) % n;
      try {
        const res = await this.sendOnce(idx, req);
        this.downUntil[idx] = 0;
        if (idx !== start) {
          this.opts.logger.warn(
            { from: this.origins[this.preferred], to: this.origins[idx] },
            'PVE endpoint failover',
          );
          this.preferred = idx;
        }
        return res;
      } catch (err) {
        if (err instanceof PveNetworkError && err.connectPhase) {
          this.downUntil[idx] = Date.now() + DOWN_MS;
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
    this.inFlight[idx] = (this.inFlight[idx] ?? 0) + 1;
    try {
      return await sendOnce(this.pools[idx]!, this.origins[idx]!, req, this.opts);
    } finally {
      this.inFlight[idx] = (this.inFlight[idx] ?? 1) - 1;
    }
  }
}
