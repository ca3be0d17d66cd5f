import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS, startHarness, type Caller, type Harness } from './helpers/harness.js';

function cookieOf(res: { headers: Record<string, unknown> }): string {
  return String(res.headers['set-cookie']).split(';')[0]!;
}

describe('sessions, CSRF, API tokens and users', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      secondCluster: true,
      config: { login_rate_limit: { max: 5, window_ms: 60_000 }, trust_proxy: ['127.0.0.1'] },
    });
  });
  afterAll(() => h.close());

  async function login(username: string, password: string, headers: Record<string, string> = {}) {
    return h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { username, password },
    });
  }

  it('sets an HttpOnly, SameSite cookie, Secure behind TLS', async () => {
    const plain = await login('teacher', PASSWORDS.teacher);
    expect(plain.statusCode).toBe(200);
    expect(String(plain.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(plain.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
    const tls = await login('teacher', PASSWORDS.teacher, { 'x-forwarded-proto': 'https' });
    expect(String(tls.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('refuses cookie-authenticated writes without the CSRF token, accepts them with it', async () => {
    const t = h.callers.teacher;
    const body = { name: 'csrf-check' };
    const none = await h.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { cookie: t.cookie! },
      payload: body,
    });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({
      ok: false,
      details: { fields: { 'x-csrf-token': expect.any(String) } },
    });
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { cookie: t.cookie!, 'x-csrf-token': 'nope' },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await h.call(t, { method: 'POST', url: '/api/auth/tokens', payload: body });
    expect(right.statusCode).toBe(201);
    // Reads need no token.
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/auth/session',
          headers: { cookie: t.cookie! },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('API tokens: shown once, Bearer works without CSRF, listed without secret, revocable', async () => {
    const created = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'script' },
    });
    const { secret, token } = created.json() as { secret: string; token: { id: string } };
    expect(created.headers['cache-control']).toBe('no-store');
    const auth = { authorization: `Bearer ${secret}` };
    const write = await h.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: auth,
      payload: { name: 'from-script' },
    });
    expect(write.statusCode).toBe(201);
    const list = await h.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: auth });
    expect(list.body).not.toContain(secret.split('.')[1]);
    expect(list.json().tokens.map((x: { id: string }) => x.id)).toContain(token.id);
    expect(
      h.ctx.db.prepare('SELECT secret_hash FROM api_tokens WHERE id = ?').get(token.id),
    ).not.toMatchObject({ secret_hash: secret });
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${token.id}`, headers: auth }))
        .statusCode,
    ).toBe(200);
    const after = await h.app.inject({
      method: 'GET',
      url: '/api/vm-builder/os-types',
      headers: auth,
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('invalid or revoked API token');
    const forged = await h.app.inject({
      method: 'GET',
      url: '/api/vm-builder/os-types',
      headers: { authorization: `Bearer ${secret}x` },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('logout revokes the session server-side', async () => {
    const res = await login('student', PASSWORDS.student);
    const s: Caller = { role: 'student', cookie: cookieOf(res), csrf: res.json().csrf_token };
    expect((await h.call(s, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect((await h.call(s, { method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
  });

  it('a password change revokes the other sessions, keeps the current one', async () => {
    const a = await login('admin', PASSWORDS.admin);
    const b = await login('admin', PASSWORDS.admin);
    const ca: Caller = { role: 'admin', cookie: cookieOf(a), csrf: a.json().csrf_token };
    const cb: Caller = { role: 'admin', cookie: cookieOf(b), csrf: b.json().csrf_token };
    const wrong = await h.call(ca, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { current_password: 'not-it', new_password: 'another-password-2' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details.fields.current_password).toBeDefined();
    const ok = await h.call(ca, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { current_password: PASSWORDS.admin, new_password: 'another-password-2' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await h.call(ca, { method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    expect((await h.call(cb, { method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect((await login('admin', PASSWORDS.admin)).statusCode).toBe(401);
    await h.call(ca, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { current_password: 'another-password-2', new_password: PASSWORDS.admin },
    });
  });

  it('admins manage users; disabling one ends its sessions; students get 403 JSON', async () => {
    // The password test above ended the harness's admin session: sign in afresh.
    const fresh = await login('admin', PASSWORDS.admin);
    const admin: Caller = { role: 'admin', cookie: cookieOf(fresh), csrf: fresh.json().csrf_token };
    const created = await h.call(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'ta', password: 'ta-password-12', role: 'teacher' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('scrypt');
    const dup = await h.call(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'ta', password: 'ta-password-12', role: 'teacher' },
    });
    expect(dup.statusCode).toBe(409);
    const res = await login('ta', 'ta-password-12');
    const ta: Caller = { role: 'teacher', cookie: cookieOf(res), csrf: res.json().csrf_token };
    expect((await h.call(ta, { method: 'GET', url: '/api/vm-builder/os-types' })).statusCode).toBe(
      200,
    );
    const id = created.json().user.id as string;
    expect(
      (
        await h.call(admin, {
          method: 'PATCH',
          url: `/api/admin/users/${id}`,
          payload: { disabled: true },
        })
      ).json().user.disabled,
    ).toBe(true);
    expect((await h.call(ta, { method: 'GET', url: '/api/vm-builder/os-types' })).statusCode).toBe(
      401,
    );
    expect((await login('ta', 'ta-password-12')).statusCode).toBe(401);
    const student = await h.call(h.callers.student, { method: 'GET', url: '/api/admin/users' });
    expect(student.statusCode).toBe(403);
    expect(student.json()).toMatchObject({ ok: false, error: 'only administrators can do this' });
    const audit = (await h.call(admin, { method: 'GET', url: '/api/admin/audit' })).json()
      .entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create-user', 'update-user', 'login']),
    );
  });

  it('remembers the chosen cluster in the session; an explicit cluster_id overrides; unknown ids are 404', async () => {
    const t = h.callers.teacher;
    expect((await h.call(t, { method: 'GET', url: '/api/auth/session' })).json().cluster_id).toBe(
      'classroom',
    );
    const chosen = await h.call(t, {
      method: 'PUT',
      url: '/api/auth/session/cluster',
      payload: { cluster_id: 'annex' },
    });
    expect(chosen.json()).toMatchObject({
      cluster_id: 'annex',
      clusters: [{ id: 'classroom' }, { id: 'annex' }],
    });
    expect((await h.call(t, { method: 'GET', url: '/api/auth/session' })).json().cluster_id).toBe(
      'annex',
    );
    const nodes = await h.call(t, {
      method: 'GET',
      url: '/api/vm-builder/nodes?cluster_id=classroom',
    });
    expect(nodes.statusCode).toBe(200);
    const bad = await h.call(t, {
      method: 'PUT',
      url: '/api/auth/session/cluster',
      payload: { cluster_id: 'mars' },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error).toBe('unknown cluster: mars');
  });

  it('rate-limits logins with a JSON 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login('nobody', 'wrong-password')).statusCode);
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
    const last = await login('nobody', 'wrong-password');
    expect(last.json()).toMatchObject({ ok: false, error: expect.stringMatching(/too many/) });
  });
});

describe('display names', () => {
  it('admins give people the name others see; it changes no session and can be cleared', async () => {
    const h = await startHarness();
    const admin = h.callers.admin;
    const login = (username: string, password: string) =>
      h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    try {
      const created = await h.call(admin, {
        method: 'POST',
        url: '/api/admin/users',
        payload: {
          username: 'ana',
          password: 'ana-password-12',
          role: 'teacher',
          display_name: '  Ana Lima  ',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().user).toMatchObject({ username: 'ana', display_name: 'Ana Lima' });
      const signedIn = await login('ana', 'ana-password-12');
      expect(signedIn.json().user.display_name).toBe('Ana Lima');
      const ana: Caller = {
        role: 'teacher',
        cookie: cookieOf(signedIn),
        csrf: signedIn.json().csrf_token,
      };
      const id = created.json().user.id as string;
      const patch = (display_name: unknown) =>
        h.call(admin, {
          method: 'PATCH',
          url: `/api/admin/users/${id}`,
          payload: { display_name },
        });
      const renamed = await patch('Ana Maria Lima');
      expect(renamed.json().user.display_name).toBe('Ana Maria Lima');
      // A new name is not a new identity: Ana stays signed in.
      const me = await h.call(ana, { method: 'GET', url: '/api/auth/session' });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.display_name).toBe('Ana Maria Lima');
      expect((await patch(null)).json().user.display_name).toBe('ana');
      for (const bad of ['', ' ', 'x'.repeat(81), 'Ana\u0000', 'Ana\u202e']) {
        const refused = await patch(bad);
        expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
        expect(refused.json().details.fields.display_name).toMatch(/display_name must/);
      }
    } finally {
      await h.close();
    }
  });
});

describe('password spraying from one address', () => {
  it('is stopped after ten times the per-user limit of failures, whatever the usernames', async () => {
    const h = await startHarness({ config: { login_rate_limit: { max: 2, window_ms: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `user${i}`, password: 'wrong-password' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
    } finally {
      await h.close();
    }
  });
});

describe('login throttling behind a reverse proxy', () => {
  /** 12 wrong passwords for one user, each claiming another client address in X-Forwarded-For. */
  async function rotateForwardedFor(
    h: Awaited<ReturnType<typeof startHarness>>,
    realClient: string,
  ) {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        // What a client sends through the proxy, plus the address the proxy itself appends.
        headers: { 'x-forwarded-for': `198.51.100.${i}, ${realClient}` },
        payload: { username: 'teacher', password: 'wrong-password' },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('a named proxy: the client address is the one the proxy saw, so rotating the header gains nothing', async () => {
    const h = await startHarness({
      config: { login_rate_limit: { max: 3, window_ms: 60_000 }, trust_proxy: ['127.0.0.1'] },
    });
    try {
      const statuses = await rotateForwardedFor(h, '203.0.113.7');
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('no trusted proxy (the default): X-Forwarded-* are ignored', async () => {
    const h = await startHarness({ config: { login_rate_limit: { max: 3, window_ms: 60_000 } } });
    try {
      expect((await rotateForwardedFor(h, '203.0.113.9')).at(-1)).toBe(429);
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'admin', password: PASSWORDS.admin },
      });
      expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await h.close();
    }
  });
});
