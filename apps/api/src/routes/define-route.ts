import type { Endpoint } from '@labforge/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import { requireAccess } from '../plugins/auth.js';

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** A request typed by the endpoint's contract (validated before the handler runs). */
export interface RouteRequest<E extends Endpoint> extends FastifyRequest {
  body: Out<E['body']>;
  query: Out<E['query']>;
  params: Out<E['params']>;
}

export type RouteHandler<E extends Endpoint> = (
  req: RouteRequest<E>,
  reply: FastifyReply,
) => Promise<unknown>;

/**
 * Registers one endpoint from its descriptor: the contract's schemas validate input, shape the
 * output and feed OpenAPI; the access level becomes an onRequest gate (401/403 before parsing).
 */
export function defineRoute<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: RouteHandler<E>,
  extra: Pick<RouteOptions, 'config'> = {},
): void {
  const security: Array<Record<string, string[]>> =
    endpoint.access === 'public' ? [] : [{ session: [] }, { bearer: [] }];
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    onRequest: requireAccess(endpoint.access),
    schema: {
      summary: endpoint.summary,
      tags: [...endpoint.tags],
      security,
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { querystring: endpoint.query } : {}),
      ...(endpoint.body ? { body: endpoint.body } : {}),
      // Streams write their own bytes; their event schema is documented, not serialised.
      response: endpoint.responses,
      ...(endpoint.stream ? { produces: ['text/event-stream'] } : {}),
    },
    handler: handler as unknown as RouteOptions['handler'],
    ...extra,
  });
}
