import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';

/** Colon-separated uppercase hex, the way Proxmox and node's X509Certificate print a SHA-256. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

/**
 * An undici Agent that trusts exactly one self-signed certificate, by its SHA-256 fingerprint.
 * The simulator's certificate is generated at start, so no CA can vouch for it; pinning keeps
 * these test-only checks honest instead of switching TLS verification off.
 */
export function pinnedAgent(fingerprint: string): Agent {
  const expected = normaliseFingerprint(fingerprint);
  // No TLS session resumption: a resumed session shows no peer certificate to check.
  const connect = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
  return new Agent({
    connect(options, callback) {
      connect(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        const seen = normaliseFingerprint(
          (socket as TLSSocket).getPeerCertificate().fingerprint256,
        );
        if (seen !== expected) {
          socket.destroy();
          return callback(new Error(`TLS fingerprint ${seen} is not the pinned ${expected}`), null);
        }
        callback(null, socket);
      });
    },
  });
}
