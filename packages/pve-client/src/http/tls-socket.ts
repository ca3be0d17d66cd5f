import { type Socket, connect as netConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { FingerprintMismatchError, normalizeFingerprint, type TlsOptions } from './tls.js';

/**
 * One connected socket to a PVE endpoint under the same TLS policy as the HTTP pools (pin, CA,
 * system CAs or explicit insecure). Resolves only after the certificate was checked, so nothing
 * (no credential) is written to an unverified peer. For a WebSocket's `createConnection`.
 */
export function connectVerified(
  origin: string,
  tls: TlsOptions = {},
  timeoutMs = 10_000,
): Promise<Socket> {
  const url = new URL(origin);
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const pins = tls.fingerprint
    ? (Array.isArray(tls.fingerprint) ? tls.fingerprint : [tls.fingerprint]).map(
        normalizeFingerprint,
      )
    : [];
  return new Promise((resolve, reject) => {
    const socket: Socket | TLSSocket = https
      ? tlsConnect({
          host,
          port,
          servername: /^[\d.]+$|:/.test(host) ? '' : host,
          rejectUnauthorized: !(pins.length > 0 || tls.insecure),
          ...(tls.ca && pins.length === 0 ? { ca: tls.ca } : {}),
        })
      : netConnect({ host, port });
    const timer = setTimeout(
      () => socket.destroy(new Error(`connect timeout after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once(https ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      if (https && pins.length > 0) {
        const cert = (socket as TLSSocket).getPeerCertificate();
        const actual = cert?.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : undefined;
        if (!actual || !pins.includes(actual)) {
          socket.destroy();
          return reject(new FingerprintMismatchError(actual));
        }
      }
      resolve(socket);
    });
  });
}
