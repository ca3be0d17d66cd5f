import type { IncomingMessage } from 'node:http';
import { Busboy } from '@fastify/busboy';
import { StreamingFile } from '../workers/file-bytes.js';
import { PveError, die } from './errors.js';

/**
 * How pveproxy (pve-http-server PVE/APIServer/AnyEvent.pm, file_upload_multipart) reads the body
 * of POST /nodes/{node}/storage/{storage}/upload, modelled part by part:
 * - it takes the form fields `content`, `checksum-algorithm`, `checksum` in exactly that order,
 *   each only when it is the next part (a field further down makes its Content-Disposition regex
 *   swallow the parts between and die "wrong Content-Disposition ... expected 'form-data'");
 * - the next part must be the file, sent as field `filename` with a `filename="..."` attribute
 *   (which becomes the `filename` parameter); any other part there dies "wrong field name";
 * - everything after the file part's headers up to the closing boundary is written to
 *   /var/tmp/pveupload-<md5>, so the file part must be the last one;
 * - a body that ends before the closing boundary fails with "upload failed".
 * The bytes are hashed as they stream and never kept beyond 1 MiB (see DEVIATIONS).
 */
export const FIELD_ORDER = ['content', 'checksum-algorithm', 'checksum'] as const;

export interface ReceivedUpload {
  params: Record<string, string>;
  tmpfilename: string;
  size: number;
  digests: Record<string, string>;
  data?: Buffer;
}

interface Part {
  name: string;
  value: string;
}

function leadingFields(parts: Part[]): Record<string, string> {
  const params: Record<string, string> = {};
  const rest = [...parts];
  for (const wanted of FIELD_ORDER) {
    if (rest[0]?.name === wanted) {
      params[wanted] = (rest.shift()?.value ?? '').trim();
    } else if (rest.some((p) => p.name === wanted)) {
      const first = rest[0]?.name ?? '';
      throw die(
        `wrong Content-Disposition 'form-data; name="${first}" ...' in multipart, expected 'form-data'\n`,
      );
    }
  }
  const stray = rest[0];
  if (stray)
    throw die(`wrong field name '${stray.name}" ...' for file upload, expected 'filename'\n`);
  return params;
}

export function receiveUpload(
  req: IncomingMessage,
  tmpfilename: string,
  queryParams: Record<string, unknown>,
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    let params: Record<string, string> | undefined;
    let file: StreamingFile | undefined;
    let fileDone = false;
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // drain the rest; the reply goes out with Connection: close
      reject(err);
    };
    const parser = Busboy({
      headers: req.headers as { 'content-type': string },
      preservePath: true,
      // A part is the file when it carries filename="..." (PVE's regex wants a non-empty one).
      isPartAFile: (_field, _type, filename) => filename !== undefined && filename !== '',
      limits: { fieldSize: 64 * 1024 },
    });
    parser.on('field', (name, value) => {
      if (file) return fail(die(`multipart part '${name}' after the file part is not supported\n`));
      parts.push({ name, value });
    });
    parser.on('file', (name, stream, filename) => {
      if (file) {
        stream.resume();
        return fail(die(`multipart part '${name}' after the file part is not supported\n`));
      }
      try {
        params = leadingFields(parts);
        if (name !== 'filename')
          throw die(`wrong field name '${name}' for file upload, expected 'filename'\n`);
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      params.filename = filename.trim();
      // The checksum algorithm arrived before the file, so it can be hashed on the fly.
      const alg = params['checksum-algorithm'] ?? (queryParams['checksum-algorithm'] as string);
      file = new StreamingFile([
        alg && /^(md5|sha(1|224|256|384|512))$/.test(alg) ? alg : undefined,
      ]);
      const f = file;
      stream.on('data', (chunk: Buffer) => f.add(chunk));
      stream.on('end', () => {
        fileDone = true;
      });
    });
    parser.on('error', () => fail(die('upload failed\n')));
    parser.on('finish', () => {
      if (failed) return;
      if (!file || !params || !fileDone) return fail(die('upload failed\n'));
      resolve({ params, tmpfilename, ...file.finish() });
    });
    req.on('aborted', () => fail(new PveError(500, 'upload failed\n')));
    req.pipe(parser);
  });
}
