import {
  PveAuthError,
  PveHttpError,
  PveNetworkError,
  type PveError,
  type PveErrorContext,
} from '../errors.js';

export interface RawResponse {
  status: number;
  /** Reason phrase: PVE puts the first line of its error message here. */
  reason: string;
  /** Parsed JSON body, undefined when empty or not JSON (auth-layer 401s are empty). */
  body: unknown;
  endpoint: string;
}

interface Envelope {
  data?: unknown;
  message?: unknown;
  errors?: unknown;
  total?: unknown;
}

function envelope(body: unknown): Envelope {
  return body !== null && typeof body === 'object' ? (body as Envelope) : {};
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : String(v);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Maps a non-2xx PVE answer onto the typed hierarchy. */
export function errorFromResponse(res: RawResponse, ctx: PveErrorContext): PveError {
  const env = envelope(res.body);
  const detail = typeof env.message === 'string' ? env.message : undefined;
  const init = {
    ...ctx,
    endpoint: res.endpoint,
    status: res.status,
    reason: res.reason,
    ...(detail === undefined ? {} : { detail }),
    ...(stringMap(env.errors) ? { errors: stringMap(env.errors)! } : {}),
  };
  if (res.status === 401) return new PveAuthError(init);
  if (res.status === 595 || res.status === 596 || res.status === 599) {
    return new PveNetworkError(
      `${res.status} ${res.reason} (node proxy error${ctx.method ? `, ${ctx.method} ${ctx.path}` : ''})`,
      { ...init, reason: res.reason },
    );
  }
  return new PveHttpError(init);
}

export function dataOf(res: RawResponse): unknown {
  return envelope(res.body).data;
}

export function totalOf(res: RawResponse): number | undefined {
  const t = envelope(res.body).total;
  return typeof t === 'number' ? t : typeof t === 'string' ? Number(t) : undefined;
}
