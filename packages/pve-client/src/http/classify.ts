import { PveNetworkError, PveTimeoutError, PveTlsError, type PveError } from '../errors.js';
import type { FailureKind } from './retry-policy.js';
import { isConnectPhaseError } from './tls.js';

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

export function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isTlsError(err: unknown): boolean {
  const code = errCode(err) ?? '';
  return (
    code === 'ERR_PVE_FINGERPRINT_MISMATCH' ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)
  );
}

/** Maps a socket/TLS/undici error to PveNetworkError or PveTlsError, noting the phase. */
export function toNetworkError(
  err: unknown,
  ctx: { method: string; path: string; endpoint: string; secrets: readonly string[] },
): PveNetworkError {
  const connect = isConnectPhaseError(err) || CONNECT_CODES.has(errCode(err) ?? '');
  const why = (err as Error)?.message ?? String(err);
  const message = connect
    ? `cannot connect to ${ctx.endpoint}: ${why}`
    : `connection to ${ctx.endpoint} failed: ${why}`;
  const code = errCode(err);
  const netCtx = { ...ctx, cause: err, connectPhase: connect, ...(code ? { code } : {}) };
  return isTlsError(err) ? new PveTlsError(message, netCtx) : new PveNetworkError(message, netCtx);
}

export function failureOf(err: PveError): FailureKind {
  if (err instanceof PveTimeoutError) return { kind: 'timeout' };
  // A certificate that fails verification will fail again: no retry, only failover.
  if (err instanceof PveTlsError) return { kind: 'fatal' };
  if (err instanceof PveNetworkError && err.connectPhase) return { kind: 'connect' };
  return { kind: 'network' };
}
