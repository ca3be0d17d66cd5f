import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/demo/index.js';
import { parseSse } from './helpers/sse.js';

describe('the demo launcher', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-demo-'));
  let demo: RunningDemo | undefined;
  afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the simulator and the API over real HTTP, with the fingerprint pinned and four logins (two teachers)', async () => {
    demo = await startDemo({ port: 0, dataDir, logLevel: 'silent', taskSpeed: 200 });
    const config = JSON.parse(readFileSync(demo.configFile, 'utf8'));
    expect(config.clusters[0].tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(config.clusters[0].token.id).toBe('labforge@pve!builder');
    expect(demo.logins.map((l) => [l.username, l.role])).toEqual([
      ['admin', 'admin'],
      ['teacher', 'teacher'],
      ['teacher2', 'teacher'],
      ['student', 'student'],
    ]);

    const health = await request(`${demo.url}/api/health`);
    expect(await health.body.json()).toMatchObject({
      ok: true,
      clusters: [{ id: 'classroom', reachable: true }],
    });
    const teacher = demo.logins.find((l) => l.role === 'teacher')!;
    const login = await request(`${demo.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: teacher.username, password: teacher.password }),
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const isos = await request(`${demo.url}/api/vm-builder/isos`, { headers: { cookie } });
    expect(((await isos.body.json()) as { isos: unknown[] }).isos.length).toBeGreaterThan(3);

    // Live SSE over a real socket: events arrive while the build runs, ending with done.
    const csrf = ((await login.body.json()) as { csrf_token: string }).csrf_token;
    const accepted = await request(`${demo.url}/api/vm-builder/build`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({
        vm_name: 'live',
        iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
        async: true,
      }),
    });
    const { events_url } = (await accepted.body.json()) as { events_url: string };
    const stream = await request(`${demo.url}${events_url}`, { headers: { cookie } });
    expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
    const events = parseSse(await stream.body.text());
    expect(events.at(-1)?.data).toMatchObject({ type: 'done', status: 'succeeded' });
  });
});
