import { createCipheriv, timingSafeEqual } from 'node:crypto';

/** VNC keys are the password's first 8 bytes (NUL padded) with every byte's bits mirrored. */
function vncKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) {
    let b = key[i] ?? 0;
    let r = 0;
    for (let bit = 0; bit < 8; bit++) {
      r = (r << 1) | (b & 1);
      b >>= 1;
    }
    key[i] = r;
  }
  return key;
}

/**
 * The response to a VNC Authentication challenge: DES-ECB of the 16 challenge bytes. Node 20's
 * OpenSSL 3 keeps single DES in the legacy provider only, so this uses two-key triple DES with
 * both keys equal (EDE with K1 = K2 = K3 is E_K(D_K(E_K(x))) = E_K(x), i.e. plain DES), which the
 * default provider has.
 */
export function vncAuthResponse(challenge: Uint8Array, password: string): Buffer {
  const key = vncKey(password);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

export function checkVncAuth(
  challenge: Uint8Array,
  response: Uint8Array,
  password: string,
): boolean {
  const expected = vncAuthResponse(challenge, password);
  return response.length === expected.length && timingSafeEqual(expected, response);
}
