import { Busboy } from '@fastify/busboy';
import { isoUploadFieldsSchema } from '@labforge/contracts';
import type { IsoAddOutcome } from '@labforge/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { ClusterHandle } from '../clusters/handle.js';
import { ApiError } from '../http/api-error.js';

/** Room for the multipart envelope and the small fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

function fieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  const fields: Record<string, string> = {};
  for (const i of issues) fields[i.path.map(String).join('.') || 'body'] ??= i.message;
  return fields;
}

/**
 * Receives `multipart/form-data` (fields first, the file last, as a browser's FormData sends
 * them in order) and pipes the file part straight into the engine's upload: nothing is
 * buffered beyond the stream's high-water marks, so memory stays flat whatever the size.
 * Anything refused before the file reaches Proxmox drains the rest and closes the connection.
 */
export function receiveUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  cluster: ClusterHandle,
  maxBytes: number,
): Promise<{ result: IsoAddOutcome; checksum?: string }> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type))
    throw new ApiError(415, 'send the ISO as multipart/form-data', {
      fields: { 'content-type': 'must be multipart/form-data' },
    });
  const length = Number(req.headers['content-length']);
  if (req.headers['content-length'] !== undefined && length > maxBytes + ENVELOPE_BYTES) {
    reply.header('connection', 'close');
    throw new ApiError(413, `The file is larger than this server accepts (${maxBytes} bytes)`, {
      max_bytes: maxBytes,
      fields: { file: `at most ${maxBytes} bytes` },
    });
  }

  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let sawFile = false;
    let settled = false;
    const controller = new AbortController();
    const settle = (err: unknown, value?: { result: IsoAddOutcome; checksum?: string }) => {
      if (settled) return;
      settled = true;
      if (err) {
        reply.header('connection', 'close');
        req.raw.unpipe(parser);
        req.raw.resume();
        reject(err);
      } else if (value) resolve(value);
    };
    // The browser went away mid-upload: stop sending to Proxmox (no half file: PVE discards it).
    req.raw.on('close', () => {
      if (!settled && !req.raw.complete) controller.abort(new Error('the browser disconnected'));
    });
    const parser = Busboy({
      headers: req.headers as { 'content-type': string },
      limits: { fieldSize: 4096, fields: 12, files: 1, fileSize: maxBytes },
    });
    parser.on('field', (name: string, value: string) => {
      if (sawFile)
        return settle(
          new ApiError(400, 'the file must be the last part of the form', {
            fields: { [name]: 'sent after the file' },
          }),
        );
      fields[name] = value;
    });
    parser.on('file', (name: string, file: Readable) => {
      if (sawFile) {
        file.resume();
        return settle(
          new ApiError(400, 'send exactly one file', { fields: { [name]: 'a second file' } }),
        );
      }
      sawFile = true;
      const parsed = isoUploadFieldsSchema.safeParse(fields);
      if (!parsed.success) {
        file.resume();
        return settle(
          new ApiError(400, parsed.error.issues[0]?.message ?? 'invalid upload fields', {
            fields: fieldErrors(parsed.error.issues),
          }),
        );
      }
      const f = parsed.data;
      if (f.size > maxBytes) {
        file.resume();
        return settle(
          new ApiError(413, `The file is larger than this server accepts (${maxBytes} bytes)`, {
            max_bytes: maxBytes,
            fields: { size: `at most ${maxBytes} bytes` },
          }),
        );
      }
      if (name !== 'file') req.log.debug({ part: name }, 'upload file part under another name');
      file.on('limit', () => controller.abort(new Error('the file is larger than declared')));
      cluster.engine
        .uploadIso({
          storage: f.storage,
          node: f.node,
          filename: f.filename,
          size: f.size,
          stream: file,
          checksum: f.checksum,
          checksumAlgorithm: f.checksum_algorithm,
          signal: controller.signal,
        })
        .then(
          (result) =>
            settle(undefined, { result, ...(f.checksum ? { checksum: f.checksum } : {}) }),
          (err: unknown) => {
            file.resume();
            settle(err);
          },
        );
    });
    parser.on('error', (err: Error) =>
      settle(
        new ApiError(400, `unreadable upload: ${err.message}`, {
          fields: { body: 'not readable multipart/form-data' },
        }),
      ),
    );
    parser.on('finish', () => {
      if (!sawFile)
        settle(new ApiError(400, 'the upload has no file part', { fields: { file: 'missing' } }));
    });
    req.raw.pipe(parser);
  });
}
