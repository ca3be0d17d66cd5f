import { endpointList, type Endpoint } from '@labforge/contracts';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { urlFor } from './helpers/requests.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Strings that break naive parsers, property strings, shells, paths and JSON. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    'vmbr0,tag=99,firewall=1',
    'local:iso/x.iso,media=cdrom',
    '"; rm -rf / #',
    '$(reboot)',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\r\nSet-Cookie: a=b',
    '<script>alert(1)</script>',
    'a'.repeat(5000),
    '__proto__',
    '{"$gt":""}',
    '1e309',
    '-0',
    'NaN',
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, true, false, null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

function shapeKeys(e: Endpoint, part: 'body' | 'query'): string[] {
  const schema = e[part] as { shape?: Record<string, unknown> } | undefined;
  return schema?.shape ? Object.keys(schema.shape) : [];
}

/** Bodies: anything at all, or the endpoint's own keys with hostile values (plus strays). */
function bodyArb(e: Endpoint) {
  const keys = shapeKeys(e, 'body');
  const own =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), hostileValue, {
          maxKeys: keys.length + 1,
        })
      : fc.object();
  return fc.oneof(fc.anything(), own, fc.string());
}

function queryArb(e: Endpoint) {
  const keys = [...shapeKeys(e, 'query'), 'cluster_id', 'node', 'page', 'x'];
  return fc.oneof(
    fc
      .dictionary(fc.constantFrom(...keys), hostileString, { maxKeys: 4 })
      .map((q) => new URLSearchParams(q).toString()),
    fc.constantFrom('a[b]=1&a=2', '%zz', 'page=1&page=2', 'cluster_id=', '&&&', 'node=pve1%2C..'),
  );
}

const headerArb = fc.record(
  {
    prefer: fc.oneof(hostileString, fc.constant('respond-async')),
    'last-event-id': hostileString,
    'x-request-id': hostileString,
    accept: hostileString,
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      '',
    ),
  },
  { requiredKeys: [] },
);

const idArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.constantFrom('..', '%2e%2e', 'a/b', '0', 'x'.repeat(300)),
);

/** Header values must be sendable at all: drop control characters an HTTP client would refuse. */
function sendable(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v) && v.length < 4000),
  );
}

describe('hostile input to every endpoint', () => {
  let h: Harness;
  let auth: Record<string, string>;
  let tried = 0;
  const rejections: unknown[] = [];
  const onRejection = (r: unknown) => rejections.push(r);
  beforeAll(async () => {
    h = await startHarness();
    const res = await h.call(h.callers.admin, {
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'fuzz' },
    });
    auth = { authorization: `Bearer ${(res.json() as { secret: string }).secret}` };
    process.on('unhandledRejection', onRejection);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    console.warn(`fuzz: sent ${tried} hostile requests to ${endpointList.length} endpoints`);
    await h.close();
  });

  function check(res: LightMyRequestResponse, what: string): void {
    tried++;
    expect(res.statusCode, what).toBeLessThan(500);
    if (res.statusCode < 400) return;
    const body = res.json() as {
      ok: boolean;
      error: string;
      details?: { fields?: Record<string, string> };
    };
    expect(body.ok, what).toBe(false);
    expect(body.error.length, what).toBeGreaterThan(0);
    // Input errors say which field is wrong.
    if ([400, 413, 415].includes(res.statusCode)) {
      expect(
        Object.keys(body.details?.fields ?? {}).length,
        `${what}: ${res.body}`,
      ).toBeGreaterThan(0);
    }
  }

  for (const [name, e] of endpointList) {
    it(`${name}: ${e.method} ${e.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          bodyArb(e),
          queryArb(e),
          headerArb,
          idArb,
          async (body, query, headers, id) => {
            const url = `${urlFor(e, id)}${query ? `?${query}` : ''}`;
            const payload =
              e.method === 'GET'
                ? undefined
                : typeof body === 'string'
                  ? body
                  : JSON.stringify(body ?? null);
            const res = await h.app.inject({
              method: e.method,
              url,
              headers: { ...sendable(headers as Record<string, string>), ...auth },
              ...(payload !== undefined ? { payload } : {}),
            });
            check(res, `${e.method} ${url}`);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it('hostile Authorization and Cookie headers are refused as 401 JSON', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (a, c) => {
        const res = await h.app.inject({
          method: 'GET',
          url: '/api/vm-builder/os-types',
          headers: sendable({ authorization: `Bearer ${a}`, cookie: `labforge_session=${c}` }),
        });
        check(res, 'authorization');
        expect([200, 401]).toContain(res.statusCode);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(rejections).toEqual([]);
  });
});
