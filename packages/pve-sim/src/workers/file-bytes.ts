import { createHash, type Hash } from 'node:crypto';
import type { Volume } from '../state/types.js';

/** Files up to this size keep their bytes; larger ones keep only their size and digests. */
export const KEEP_BYTES_LIMIT = 1024 * 1024;

/** Content of a seeded file has no bytes; a stable stand-in keeps checksums deterministic. */
export function volumeBytes(vol: Volume): Buffer {
  return vol.data ?? Buffer.from(`labforge-sim:${vol.volid}:${vol.size}`);
}

export function digest(algorithm: string, data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * A volume's digest: over its bytes when kept, else the one recorded while it streamed in.
 * A large file hashed with other algorithms only falls back to the stand-in content.
 */
export function volumeDigest(vol: Volume, algorithm: string): string {
  if (!vol.data && vol.digests?.[algorithm]) return vol.digests[algorithm];
  return digest(algorithm, volumeBytes(vol));
}

/**
 * Counts and hashes a stream as it passes (sha256 always, plus the algorithm the caller will
 * verify), keeping the bytes only while the total stays under KEEP_BYTES_LIMIT.
 */
export class StreamingFile {
  size = 0;
  private readonly hashes = new Map<string, Hash>();
  private chunks: Buffer[] | undefined = [];

  constructor(algorithms: (string | undefined)[]) {
    for (const a of ['sha256', ...algorithms])
      if (a && !this.hashes.has(a)) this.hashes.set(a, createHash(a));
  }

  add(chunk: Buffer): void {
    this.size += chunk.length;
    for (const h of this.hashes.values()) h.update(chunk);
    if (this.chunks && this.size <= KEEP_BYTES_LIMIT) this.chunks.push(chunk);
    else this.chunks = undefined;
  }

  finish(): { size: number; digests: Record<string, string>; data?: Buffer } {
    const digests: Record<string, string> = {};
    for (const [a, h] of this.hashes) digests[a] = h.digest('hex');
    const out: { size: number; digests: Record<string, string>; data?: Buffer } = {
      size: this.size,
      digests,
    };
    if (this.chunks) out.data = Buffer.concat(this.chunks);
    return out;
  }
}
