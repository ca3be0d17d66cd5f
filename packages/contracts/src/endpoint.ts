import type { z } from 'zod';
import { errorBodySchema } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/**
 * Who may call: `public` anyone; `user` any signed-in user; `builder` teachers and admins;
 * `admin` admins only.
 */
export type Access = 'public' | 'user' | 'builder' | 'admin';

export interface Endpoint {
  method: HttpMethod;
  /** Fastify-style path, `:name` for parameters. */
  path: string;
  summary: string;
  tags: readonly string[];
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** `text/event-stream` endpoints document their event schema in the 200 response. */
  stream?: boolean;
  responses: Readonly<Record<number, z.ZodType>>;
}

/** Identity with a precise inferred type: descriptors are plain data. */
export function defineEndpoint<const E extends Endpoint>(endpoint: E): E {
  return endpoint;
}

/** The error statuses every endpoint of an access level can answer with. */
export function errorResponses(access: Access, extra: readonly number[] = []) {
  const codes = new Set<number>([400, 500, ...extra]);
  if (access !== 'public') codes.add(401);
  if (access === 'builder' || access === 'admin') codes.add(403);
  return Object.fromEntries([...codes].sort().map((c) => [c, errorBodySchema])) as Record<
    number,
    typeof errorBodySchema
  >;
}

/** Replace `:name` segments with values, encoding each. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

export type ResponseOf<E extends Endpoint, S extends keyof E['responses']> = z.output<
  E['responses'][S]
>;
export type BodyOf<E extends Endpoint> = E['body'] extends z.ZodType ? z.input<E['body']> : never;
export type QueryOf<E extends Endpoint> = E['query'] extends z.ZodType
  ? z.input<E['query']>
  : never;
