import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildPath, endpointList, endpoints, errorBodySchema } from '../src/index.js';

describe('endpoint descriptors', () => {
  const all = endpointList;

  it('have unique method and path pairs', () => {
    const keys = all.map(([, e]) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(all)('%s documents a success response and the shared error body', (_name, e) => {
    const codes = Object.keys(e.responses).map(Number);
    expect(codes.some((c) => c >= 200 && c < 300)).toBe(true);
    // /api/health answers 503 with the health body itself, so monitors see which cluster is down.
    const errorCodes = codes.filter((c) => c >= 400 && !(_name === 'health' && c === 503));
    for (const c of errorCodes) expect(e.responses[c]).toBe(errorBodySchema);
    if (e.access !== 'public') expect(codes).toContain(401);
    if (e.access === 'builder' || e.access === 'admin') expect(codes).toContain(403);
  });

  it('every schema converts to JSON Schema for OpenAPI', () => {
    for (const [, e] of all) {
      for (const schema of [e.body, e.query, e.params, ...Object.values(e.responses)]) {
        if (schema)
          expect(() =>
            z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
          ).not.toThrow();
      }
    }
  });

  it('builds paths with encoded parameters', () => {
    expect(buildPath(endpoints.getJob.path, { id: 'a/b' })).toBe('/api/vm-builder/jobs/a%2Fb');
    expect(() => buildPath(endpoints.getJob.path)).toThrow('missing path parameter id');
  });
});

describe('job results', () => {
  it('a finalise job carries its result', async () => {
    const { jobSchema } = await import('../src/index.js');
    const job = {
      id: 'j1',
      kind: 'finalise',
      status: 'succeeded',
      cluster_id: 'lab',
      created_by: 'teacher',
      created_at: '2026-11-25T00:00:00Z',
      request: { vmid: 100 },
      steps: [],
      warnings: [],
      result: {
        ok: true,
        job_id: 'j1',
        vmid: 100,
        node: 'pve1',
        template: true,
        ejected: ['ide2'],
        warnings: [],
      },
    };
    expect(jobSchema.parse(job).result).toEqual(job.result);
  });
});
