import type { FastifyReply } from 'fastify';
import { PveError } from './errors.js';

const PVE_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  server: 'pve-api-daemon/3.0',
  'cache-control': 'max-age=0',
  pragma: 'no-cache',
};

/** Reason phrases must be one line of visible ASCII (Node refuses anything else). */
export function reasonPhrase(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.replace(/[^\x20-\x7e]/g, '?');
}

function withStatus(reply: FastifyReply, status: number, reason: string): FastifyReply {
  reply.code(status);
  reply.raw.statusMessage = reason;
  return reply.headers({ ...PVE_HEADERS, expires: new Date().toUTCString() });
}

export function sendData(reply: FastifyReply, data: unknown, extra: Record<string, unknown> = {}) {
  return withStatus(reply, 200, 'OK').send(JSON.stringify({ data: data ?? null, ...extra }));
}

export function sendError(reply: FastifyReply, err: PveError) {
  const reason = reasonPhrase(err.message);
  if (err.emptyBody) {
    reply.code(err.status);
    reply.raw.statusMessage = reason;
    return reply.headers({ server: 'pve-api-daemon/3.0' }).send();
  }
  const body: Record<string, unknown> = { data: null, message: err.message };
  if (err.errors) body.errors = err.errors;
  return withStatus(reply, err.status, reason || 'Error').send(JSON.stringify(body));
}

export function toPveError(err: unknown): PveError {
  if (err instanceof PveError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PveError(500, message.endsWith('\n') ? message : `${message}\n`);
}
