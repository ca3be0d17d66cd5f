import type { AuthStrategy } from './auth/types.js';
import { dataOf, errorFromResponse, totalOf, type RawResponse } from './http/response.js';
import type { StreamRequest } from './http/send-stream.js';
import type { HttpMethod, Transport } from './http/transport.js';
import type { Timeouts } from './options.js';
import type { Params } from './types.js';

export type RequestKind = 'read' | 'write' | 'download';

export interface RequestOptions {
  /** Timeout class; default 'read' for GET, 'write' otherwise. */
  kind?: RequestKind;
  signal?: AbortSignal;
  /** Overrides the timeout of the kind. */
  timeoutMs?: number;
  /** Allows read-style retries for a non-GET request that is safe to repeat. */
  idempotent?: boolean;
}

export interface Envelope<T> {
  data: T;
  total?: number;
}

/** The authenticated request path shared by every resource module. */
export class ClientCore {
  constructor(
    private readonly transport: Transport,
    readonly auth: AuthStrategy,
    readonly timeouts: Timeouts,
  ) {}

  async envelope<T>(
    method: HttpMethod,
    path: string,
    params?: Params,
    opts: RequestOptions = {},
  ): Promise<Envelope<T>> {
    const kind = opts.kind ?? (method === 'GET' ? 'read' : 'write');
    const timeoutMs =
      opts.timeoutMs ??
      (kind === 'read'
        ? this.timeouts.readMs
        : kind === 'write'
          ? this.timeouts.writeMs
          : this.timeouts.downloadMs);
    const send = async (headers: Record<string, string>): Promise<RawResponse> =>
      this.transport.send({
        method,
        path,
        ...(params ? { params } : {}),
        headers,
        timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.idempotent ? { idempotent: true } : {}),
      });

    const first = await this.auth.headersFor(method, opts.signal);
    let res = await send(first.headers);
    // An auth-layer 401 means the request was rejected before any handler ran: replaying
    // once with fresh credentials is safe for every method.
    if (res.status === 401 && (await this.auth.recover(first.generation, opts.signal))) {
      const again = await this.auth.headersFor(method, opts.signal);
      res = await send(again.headers);
    }
    if (res.status < 200 || res.status >= 300) {
      const err = errorFromResponse(res, { method, path, secrets: this.auth.secrets() });
      throw err;
    }
    const total = totalOf(res);
    return { data: dataOf(res) as T, ...(total === undefined ? {} : { total }) };
  }

  async request<T>(
    method: HttpMethod,
    path: string,
    params?: Params,
    opts?: RequestOptions,
  ): Promise<T> {
    return (await this.envelope<T>(method, path, params, opts)).data;
  }

  /**
   * A streamed request (multipart uploads): authenticated like any other, sent once. A 401
   * cannot be replayed with a consumed stream, so it is thrown like every other error.
   */
  async stream<T>(req: Omit<StreamRequest, 'headers'> & { headers?: Record<string, string> }) {
    const auth = await this.auth.headersFor(req.method, req.signal);
    const res = await this.transport.sendStream({
      ...req,
      headers: { ...auth.headers, ...req.headers },
    });
    if (res.status < 200 || res.status >= 300)
      throw errorFromResponse(res, {
        method: req.method,
        path: req.path,
        secrets: this.auth.secrets(),
      });
    return dataOf(res) as T;
  }
}
