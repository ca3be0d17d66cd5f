import type { FastifyInstance } from 'fastify';
import { fieldError } from '../http/api-error.js';

const NOT_AN_OBJECT = 'the body must be a valid JSON object';

/** Keys that would reach an object's prototype if a later merge copied them. */
function forbiddenKey(key: string, value: unknown): boolean {
  return (
    key === '__proto__' ||
    (key === 'constructor' &&
      value !== null &&
      typeof value === 'object' &&
      Object.hasOwn(value, 'prototype'))
  );
}

/** The dotted path (zod's style, as in every other field error) of the first forbidden key. */
function findForbidden(value: unknown, path: string[] = []): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = [...path, key];
    if (forbiddenKey(key, child)) return here.join('.');
    const deeper = findForbidden(child, here);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * JSON bodies, parsed with JSON.parse (which never sets a prototype) and then refused with the
 * offending key named when they carry `__proto__` or `constructor.prototype` at any depth.
 * Fastify's own parser refuses those too, but only with a generic message that names no field.
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(fieldError('body', NOT_AN_OBJECT), undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      done(fieldError('body', NOT_AN_OBJECT), undefined);
      return;
    }
    const bad = findForbidden(parsed);
    if (bad) {
      done(
        fieldError(bad, `${bad} is not allowed: __proto__ and constructor.prototype are refused`),
        undefined,
      );
      return;
    }
    done(null, parsed);
  });
}
