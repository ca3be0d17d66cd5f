import type { AuthHeaders, AuthStrategy } from './types.js';

// user@realm!tokenid, as PVE's token id regex allows.
const TOKEN_ID = /^[^\s@!]+@[A-Za-z][A-Za-z0-9.\-_]*![A-Za-z][A-Za-z0-9.\-_]+$/;

/** API token auth: a static header, no CSRF, nothing to renew. */
export function tokenAuth(tokenId: string, secret: string): AuthStrategy {
  if (!TOKEN_ID.test(tokenId)) throw new TypeError('token id must look like user@realm!tokenid');
  if (!secret || /[\s;]/.test(secret)) throw new TypeError('token secret is empty or malformed');
  const headers: AuthHeaders = {
    headers: { authorization: `PVEAPIToken=${tokenId}=${secret}` },
    generation: 0,
  };
  return {
    kind: 'token',
    headersFor: () => Promise.resolve(headers),
    // A 401 with a token means a wrong/expired/deleted token: replaying cannot help.
    recover: () => Promise.resolve(false),
    secrets: () => [secret],
  };
}
