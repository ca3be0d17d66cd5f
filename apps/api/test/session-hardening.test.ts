import { statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORDS,
  startHarness,
  UBUNTU_BODY,
  type Caller,
  type Harness,
} from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';

async function signIn(h: Harness, role: 'admin' | 'teacher'): Promise<Caller> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: role, password: PASSWORDS[role] },
  });
  return {
    role,
    cookie: String(res.headers['set-cookie']).split(';')[0]!,
    csrf: (res.json() as { csrf_token: string }).csrf_token,
  };
}

describe('sessions and tokens after sign-out and password changes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers carrying the CSRF token are never cached', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'teacher', password: PASSWORDS.teacher },
    });
    expect(login.headers['cache-control']).toBe('no-store');
    const t = h.callers.teacher;
    const session = await h.call(t, { method: 'GET', url: '/api/auth/session' });
    expect(session.headers['cache-control']).toBe('no-store');
    const cluster = await h.call(t, {
      method: 'PUT',
      url: '/api/auth/session/cluster',
      payload: { cluster_id: 'classroom' },
    });
    expect(cluster.headers['cache-control']).toBe('no-store');
  });

  it('logout clears the cookie with the attributes it was set with', async () => {
    const s = await signIn(h, 'teacher');
    const res = await h.call(s, { method: 'POST', url: '/api/auth/logout' });
    const cleared = String(res.headers['set-cookie']);
    expect(cleared).toMatch(/^labforge_session=;/);
    expect(cleared).toMatch(/HttpOnly/);
    expect(cleared).toMatch(/SameSite=Strict/);
    expect(cleared).toMatch(/Path=\//);
  });

  it('a password change can revoke the personal API tokens, and always says how many still work', async () => {
    const s = await signIn(h, 'admin');
    const tokens = [];
    for (const name of ['ci-1', 'ci-2']) {
      const created = await h.call(s, {
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { name },
      });
      tokens.push((created.json() as { secret: string }).secret);
    }
    const works = async (secret: string) =>
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/auth/tokens',
          headers: { authorization: `Bearer ${secret}` },
        })
      ).statusCode === 200;

    const kept = await h.call(s, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { current_password: PASSWORDS.admin, new_password: 'admin-password-2' },
    });
    expect(kept.json()).toMatchObject({
      api_tokens: { revoked: 0, still_active: 2 },
      message: expect.stringMatching(/2 personal API token\(s\) still work/),
    });
    expect(await works(tokens[0]!)).toBe(true);

    const revoked = await h.call(s, {
      method: 'POST',
      url: '/api/auth/password',
      payload: {
        current_password: 'admin-password-2',
        new_password: PASSWORDS.admin,
        revoke_tokens: true,
      },
    });
    expect(revoked.json()).toMatchObject({ api_tokens: { revoked: 2, still_active: 0 } });
    expect(await works(tokens[0]!)).toBe(false);
    expect(await works(tokens[1]!)).toBe(false);
  });

  it('an event stream ends when its session signs out, delivering nothing after', async () => {
    const t = await signIn(h, 'teacher');
    // Slow task polling: the build keeps emitting steps well after the sign-out.
    await simControl(h.sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 100 },
    });
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const started = await h.call(t, {
        method: 'POST',
        url: '/api/vm-builder/build',
        payload: { ...UBUNTU_BODY, vm_name: 'stream-logout', async: true },
      });
      const { job_id: jobId, events_url: eventsUrl } = started.json() as {
        job_id: string;
        events_url: string;
      };
      const stream = await request(`${address}${eventsUrl}`, { headers: { cookie: t.cookie! } });
      expect(stream.statusCode).toBe(200);
      const seen: number[] = [];
      let seqAtLogout = Number.POSITIVE_INFINITY;
      const reading = (async () => {
        for await (const chunk of stream.body) {
          for (const m of String(chunk).matchAll(/^id: (\d+)$/gm)) seen.push(Number(m[1]));
          if (seen.length > 0 && seqAtLogout === Number.POSITIVE_INFINITY) {
            await h.call(t, { method: 'POST', url: '/api/auth/logout' });
            seqAtLogout = Math.max(0, ...h.ctx.jobs.eventsAfter(jobId, 0).map((e) => e.seq));
          }
        }
      })();
      // The stream ends on its own: a stream that went on would deliver `done` at the end.
      await reading;
      for (let i = 0; i < 400 && h.ctx.jobs.get(jobId)?.status !== 'succeeded'; i++)
        await new Promise((r) => setTimeout(r, 25));
      const lastSeq = Math.max(...h.ctx.jobs.eventsAfter(jobId, 0).map((e) => e.seq));
      expect(lastSeq).toBeGreaterThan(seqAtLogout); // there was more to deliver
      expect(seen.every((seq) => seq <= seqAtLogout)).toBe(true);
    } finally {
      await simControl(h.sim, 'DELETE', '/_sim/faults');
    }
  });
});

describe('request bodies and stored files', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a nested __proto__ or constructor.prototype is refused naming the field', async () => {
    for (const [raw, field] of [
      ['{"vm_name":"a","advanced":{"__proto__":{"admin":true}}}', 'advanced.__proto__'],
      ['{"__proto__":{"x":1}}', '__proto__'],
      ['{"list":[{"constructor":{"prototype":{"x":1}}}]}', 'list.0.constructor'],
    ] as const) {
      const res = await h.call(h.callers.teacher, {
        method: 'POST',
        url: '/api/vm-builder/build',
        headers: { 'content-type': 'application/json' },
        payload: raw,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details.fields).toHaveProperty([field]);
      expect(res.json().error).toMatch(
        new RegExp(`^${field.replace(/\./g, '\\.')} is not allowed`),
      );
    }
    const broken = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      headers: { 'content-type': 'application/json' },
      payload: '{"vm_name":',
    });
    expect(broken.json()).toMatchObject({ details: { fields: { body: expect.any(String) } } });
  });

  it('the database and its WAL files are readable by the owner only', () => {
    const file = join(h.dataDir, 'labforge.db');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect((statSync(f).mode & 0o777).toString(8)).toBe('600');
    }
  });
});
