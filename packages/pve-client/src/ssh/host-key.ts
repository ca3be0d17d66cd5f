import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint form: 'SHA256:' + unpadded base64 of the SHA-256 of the key blob. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export function normalizeSshFingerprint(fp: string): string {
  const trimmed = fp.trim();
  const body = trimmed.replace(/^SHA256:/i, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) {
    throw new TypeError(
      `host key fingerprint must be 'SHA256:<base64>' as OpenSSH prints it: ${fp}`,
    );
  }
  return `SHA256:${body}`;
}
