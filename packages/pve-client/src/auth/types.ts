import type { HttpMethod } from '../http/transport.js';

export interface AuthHeaders {
  headers: Record<string, string>;
  /** Which credential produced these headers; lets a 401 tell stale from current. */
  generation: number;
}

/** One interface for API tokens and tickets; the client never branches on the kind. */
export interface AuthStrategy {
  readonly kind: 'token' | 'ticket';
  headersFor(method: HttpMethod, signal?: AbortSignal): Promise<AuthHeaders>;
  /**
   * Called after a 401 answered a request sent with `generation`'s headers. Returns true
   * when fresh credentials are available and the request should be replayed once.
   */
  recover(generation: number, signal?: AbortSignal): Promise<boolean>;
  /** Literal secret values to redact from every message. */
  secrets(): string[];
}

export type AuthConfig =
  | { kind: 'token'; tokenId: string; secret: string }
  | { kind: 'ticket'; username: string; password: string };
