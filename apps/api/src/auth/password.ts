import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LEN = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function options(log2n: number, r = 8, p = 1): ScryptOptions {
  const N = 2 ** log2n;
  // scrypt needs 128 * N * r bytes; node's default ceiling (32 MiB) is too low for N = 2^17.
  return { N, r, p, maxmem: 256 * N * r };
}

/** `scrypt$<log2N>$<r>$<p>$<salt b64>$<key b64>`: parameters travel with the hash. */
export async function hashPassword(password: string, log2n = 17): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, options(log2n));
  return ['scrypt', log2n, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    options(Number(n), Number(r), Number(p)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function burnPasswordCheck(password: string, log2n: number): Promise<void> {
  dummy ??= hashPassword('labforge-dummy-password', log2n);
  await verifyPassword(password, await dummy);
}
