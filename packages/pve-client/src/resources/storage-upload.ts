import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface UploadProgress {
  /** File bytes handed to the socket so far (not yet acknowledged by PVE). */
  sent: number;
  total: number;
}

export interface UploadToStorageParams {
  node: string;
  storage: string;
  content: 'iso' | 'vztmpl' | 'import';
  /** Target file name; PVE normalises it (path stripped, odd characters become '_'). */
  filename: string;
  /** The bytes: a Node Readable of exactly `size` bytes, or a local file path. */
  stream?: Readable;
  file?: string;
  /** Required with `stream`; taken from the file when `file` is given. */
  size?: number;
  checksum?: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  /** Whole-request timeout; default the client's download timeout (hours). */
  timeoutMs?: number;
}

const UNSAFE_IN_HEADER = /["\r\n\\/]/;

function fieldPart(boundary: string, name: string, value: string): Buffer {
  if (/[\r\n]/.test(value)) throw new TypeError(`upload field '${name}' must be one line`);
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
}

/**
 * The multipart body pveproxy accepts (pve-http-server AnyEvent.pm file_upload_multipart): the
 * fields `content`, `checksum-algorithm`, `checksum` in that order, then the file as field
 * `filename` carrying the target name in `filename="..."`, last. Returns the parts around the
 * file so the Content-Length is known without reading the file.
 */
export function uploadEnvelope(p: {
  content: string;
  filename: string;
  checksum?: string;
  checksumAlgorithm?: string;
  boundary?: string;
}): { boundary: string; head: Buffer; tail: Buffer } {
  if (p.filename === '' || UNSAFE_IN_HEADER.test(p.filename))
    throw new TypeError(
      `upload filename must be a plain name without quotes or path: ${p.filename}`,
    );
  if ((p.checksum === undefined) !== (p.checksumAlgorithm === undefined))
    throw new TypeError('checksum and checksumAlgorithm go together');
  const boundary = p.boundary ?? `----labforge${randomBytes(12).toString('hex')}`;
  const parts = [fieldPart(boundary, 'content', p.content)];
  if (p.checksumAlgorithm !== undefined && p.checksum !== undefined) {
    parts.push(fieldPart(boundary, 'checksum-algorithm', p.checksumAlgorithm));
    parts.push(fieldPart(boundary, 'checksum', p.checksum.trim()));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="filename"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
  );
  return { boundary, head: Buffer.concat(parts), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

async function* multipartStream(
  head: Buffer,
  file: Readable,
  tail: Buffer,
  size: number,
  onProgress?: (p: UploadProgress) => void,
): AsyncGenerator<Buffer> {
  yield head;
  let sent = 0;
  for await (const chunk of file) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    sent += buf.length;
    if (sent > size) throw new Error(`upload stream is longer than the declared ${size} bytes`);
    yield buf;
    onProgress?.({ sent, total: size });
  }
  if (sent !== size) throw new Error(`upload stream ended after ${sent} of ${size} bytes`);
  yield tail;
}

export interface StorageUploadApi {
  /**
   * POST /nodes/{node}/storage/{storage}/upload, streamed (never buffered) with an exact
   * Content-Length, sent once (never retried). Resolves with the `imgcopy` task's UPID; the
   * checksum is verified and the file copied in that task. PVE overwrites an existing file of
   * the same name: check first.
   */
  uploadToStorage(p: UploadToStorageParams): Promise<string>;
}

export function storageUploadApi(core: ClientCore): StorageUploadApi {
  return {
    async uploadToStorage(p) {
      if ((p.stream === undefined) === (p.file === undefined))
        throw new TypeError('uploadToStorage needs exactly one of stream or file');
      const size = p.file !== undefined ? (p.size ?? (await stat(p.file)).size) : p.size;
      if (size === undefined || !Number.isSafeInteger(size) || size < 0)
        throw new TypeError('uploadToStorage needs the size of the stream');
      const { boundary, head, tail } = uploadEnvelope({
        content: p.content,
        filename: p.filename,
        ...(p.checksum !== undefined ? { checksum: p.checksum } : {}),
        ...(p.checksumAlgorithm !== undefined ? { checksumAlgorithm: p.checksumAlgorithm } : {}),
      });
      const source = p.stream ?? createReadStream(p.file ?? '', { highWaterMark: 1024 * 1024 });
      const body = Readable.from(multipartStream(head, source, tail, size, p.onProgress), {
        objectMode: false,
      });
      return core.stream<string>({
        method: 'POST',
        path: `/nodes/${seg(p.node)}/storage/${seg(p.storage)}/upload`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        contentLength: head.length + size + tail.length,
        timeoutMs: p.timeoutMs ?? core.timeouts.downloadMs,
        ...(p.signal ? { signal: p.signal } : {}),
      });
    },
  };
}
