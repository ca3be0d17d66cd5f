import { validationErrorBody, type ErrorBody } from '@labforge/contracts';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { toErrorBody } from '@labforge/engine';
import { ApiError } from '../http/api-error.js';

const WHERE: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

interface Mapped {
  status: number;
  body: ErrorBody;
}

function fieldBody(field: string, message: string): ErrorBody {
  return { ok: false, error: message, details: { fields: { [field]: message } } };
}

/** Fastify's own 4xx (bad JSON, size, media type, rate limit) in our shape, naming the field. */
function mapFastify(err: FastifyError): Mapped | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: fieldBody('body', 'the body must be a valid JSON object') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: fieldBody('body', 'the body is too large') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: fieldBody('content-type', 'Content-Type must be application/json'),
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        body: fieldBody('content-length', 'Content-Length does not match the body'),
      };
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 400, body: fieldBody('content-type', 'Content-Type is invalid') };
  }
  if (
    err.statusCode === 400 &&
    (err instanceof SyntaxError || /prototype property/i.test(err.message))
  ) {
    return { status: 400, body: fieldBody('body', 'the body must be a valid JSON object') };
  }
  if (err.statusCode === 429) {
    return {
      status: 429,
      body: { ok: false, error: 'too many attempts; wait a minute and try again' },
    };
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, body: fieldBody('request', err.message) };
  }
  return undefined;
}

export function mapError(err: unknown, req: FastifyRequest): Mapped {
  if (err instanceof ZodError) {
    const where =
      WHERE[(err as ZodError & { validationContext?: string }).validationContext ?? 'body'] ??
      'body';
    return { status: 400, body: validationErrorBody(err, where) };
  }
  if (err instanceof ApiError) {
    return {
      status: err.statusCode,
      body: { ok: false, error: err.message, ...(err.details ? { details: err.details } : {}) },
    };
  }
  // Engine and Proxmox failures: the one mapping the stored job and the sync answer use too.
  const described = toErrorBody(err, { clusterId: req.clusterId, requestId: req.id });
  if (described.known) return { status: described.status, body: described.body };
  const mapped = mapFastify(err as FastifyError);
  if (mapped) return mapped;
  return { status: described.status, body: described.body };
}

/** The one error handler: the contracts' error body for everything, 5xx internals only in logs. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = mapError(err, req);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ status, error: body.error }, 'request refused');
    return reply.code(status).send(body);
  });
}
