import { endpointList } from '@labforge/contracts';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../src/app.js';
import { offlineApp } from './helpers/offline-app.js';

interface Operation {
  summary?: string;
  requestBody?: unknown;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let built: BuiltApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    built = await offlineApp();
    const res = await built.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => built.app.close());

  it('validates as OpenAPI 3.1', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1/);
  });

  it('lists every endpoint with its request and response schemas', () => {
    for (const [name, e] of endpointList) {
      const path = e.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const op = doc.paths[path]?.[e.method.toLowerCase()];
      expect(op, `${name} ${e.method} ${path}`).toBeDefined();
      expect(op!.summary).toBe(e.summary);
      if (e.body) expect(op!.requestBody, `${name} body`).toBeDefined();
      for (const status of Object.keys(e.responses))
        expect(op!.responses[status], `${name} ${status}`).toBeDefined();
      if (e.query)
        expect(
          op!.parameters?.some((p) => p.in === 'query'),
          `${name} query`,
        ).toBe(true);
      if (e.params)
        expect(
          op!.parameters?.some((p) => p.in === 'path'),
          `${name} path`,
        ).toBe(true);
    }
  });

  it('serves the UI at /docs', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
