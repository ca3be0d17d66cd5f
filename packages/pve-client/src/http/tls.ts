import type { TLSSocket } from 'node:tls';
import { Pool, buildConnector } from 'undici';
import type { PveLogger } from '../logger.js';

export interface TlsOptions {
  /**
   * Pinned SHA-256 certificate fingerprint(s) as PVE shows them ('AA:BB:...'; case and
   * colons are ignored). Several values allow one pin per cluster node. The chain is not
   * checked in this mode (PVE's default certificates are self-signed); the pin is.
   */
  fingerprint?: string | string[];
  /** PEM CA certificate(s) (e.g. the cluster's pve-root-ca.pem) instead of the system CAs. */
  ca?: string | string[];
  /** Skip verification entirely. Must be explicit; logged as a warning on every pool. */
  insecure?: boolean;
}

/** Marks errors raised while connecting: the request was certainly not sent. */
export const CONNECT_PHASE = Symbol('pve-client.connect-phase');

export class FingerprintMismatchError extends Error {
  override name = 'FingerprintMismatchError';
  readonly code = 'ERR_PVE_FINGERPRINT_MISMATCH';
  constructor(readonly actual: string | undefined) {
    super(
      `server certificate fingerprint ${actual ?? '(none)'} does not match the pinned fingerprint`,
    );
  }
}

export function normalizeFingerprint(fp: string): string {
  const hex = fp
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new TypeError(`not a SHA-256 fingerprint: ${fp}`);
  return hex.match(/../g)!.join(':');
}

function tagConnectError(err: Error): Error {
  (err as Error & { [CONNECT_PHASE]?: boolean })[CONNECT_PHASE] = true;
  return err;
}

export function isConnectPhaseError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { [CONNECT_PHASE]?: boolean })[CONNECT_PHASE] === true
  );
}

export interface PoolOptions {
  tls?: TlsOptions;
  connectTimeoutMs: number;
  logger: PveLogger;
  connections?: number;
}

/** One undici Pool per endpoint, with the TLS policy applied in its connector. */
export function createEndpointPool(origin: string, opts: PoolOptions): Pool {
  const url = new URL(origin);
  const tls = opts.tls ?? {};
  const pins = tls.fingerprint
    ? (Array.isArray(tls.fingerprint) ? tls.fingerprint : [tls.fingerprint]).map(
        normalizeFingerprint,
      )
    : [];
  const https = url.protocol === 'https:';
  if (!https) {
    opts.logger.warn({ endpoint: url.origin }, 'PVE endpoint uses plain HTTP: no TLS at all');
  } else if (pins.length === 0 && tls.insecure) {
    opts.logger.warn(
      { endpoint: url.origin },
      'TLS certificate verification DISABLED for this PVE endpoint (insecure: true)',
    );
  }
  const base = buildConnector({
    timeout: opts.connectTimeoutMs,
    // Pinning replaces chain verification; session reuse would skip the handshake we check.
    rejectUnauthorized: pins.length > 0 || tls.insecure ? false : true,
    maxCachedSessions: pins.length > 0 ? 0 : null,
    ...(tls.ca && pins.length === 0 ? { ca: tls.ca } : {}),
  });
  const connector: buildConnector.connector = (options, callback) => {
    base(options, (err, socket) => {
      if (err) return callback(tagConnectError(err), null);
      if (https && pins.length > 0) {
        const cert = (socket as TLSSocket).getPeerCertificate();
        const actual = cert?.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : undefined;
        if (!actual || !pins.includes(actual)) {
          socket.destroy();
          return callback(tagConnectError(new FingerprintMismatchError(actual)), null);
        }
      }
      return callback(null, socket);
    });
  };
  return new Pool(url.origin, {
    connect: connector,
    // Each connection carries one request at a time, so this caps the client's requests in
    // flight to one endpoint. pveproxy accepts 500 connections per worker and forwards node
    // calls without blocking; the per-node bound belongs to the caller (the engine: 3 reads
    // per node, 64 in all), so 8 here would be a hidden global bound of 8.
    connections: opts.connections ?? 64,
    // Drop idle sockets before pveproxy does, so a POST is never written to a socket the
    // server is closing (that failure could not be retried safely).
    keepAliveTimeout: 2_000,
    keepAliveMaxTimeout: 2_000,
  });
}
