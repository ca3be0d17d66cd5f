import { endpointList, type Access } from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { urlFor } from './helpers/requests.js';

type Who = 'anonymous' | 'student' | 'teacher' | 'admin';
const RANK: Record<Who, number> = { anonymous: 0, student: 1, teacher: 2, admin: 3 };
const NEEDS: Record<Access, number> = { public: 0, user: 1, builder: 2, admin: 3 };

/** Side effects on the caller's own session would spoil later rows: those run last. */
const LAST: Record<string, number> = { changePassword: 1, logout: 2 };
const ordered = [...endpointList].sort(([a], [b]) => (LAST[a] ?? 0) - (LAST[b] ?? 0));

describe('RBAC matrix: every endpoint x anonymous, student, teacher, admin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  for (const who of ['anonymous', 'student', 'teacher', 'admin'] as const) {
    it(`${who}`, async () => {
      const seen: string[] = [];
      for (const [name, e] of ordered) {
        if (name === 'login') continue; // public, and rate-limited: covered in auth tests
        // Empty bodies and unknown ids: authorised callers get 4xx from validation or lookup.
        const res = await h.call(h.callers[who], {
          method: e.method,
          url: urlFor(e),
          ...(e.body ? { payload: {} } : {}),
        });
        const allowed = RANK[who] >= NEEDS[e.access];
        const expected = allowed ? 'through' : who === 'anonymous' ? 401 : 403;
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'through';
        seen.push(`${e.method} ${e.path}: ${got}`);
        expect(got, `${who} ${e.method} ${e.path} -> ${res.statusCode} ${res.body}`).toBe(expected);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type']).toMatch(/application\/json/);
          expect(res.json()).toMatchObject({ ok: false, error: expect.any(String) });
          expect(res.headers.location).toBeUndefined();
        }
      }
      expect(seen.length).toBe(endpointList.length - 1);
    });
  }
});
