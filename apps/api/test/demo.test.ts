import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/demo/index.js';

describe('the demo launcher', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-demo-'));
  let demo: RunningDemo | undefined;
  afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the simulator and the API over real HTTP, with the fingerprint pinned and three logins', async () => {
    demo = await startDemo({ port: 0, dataDir, logLevel: 'silent', taskSpeed: 200 });
    const config = JSON.parse(readFileSync(demo.configFile, 'utf8'));
    expect(config.clusters[0].tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(config.clusters[0].token.id).toBe('labforge@pve!builder');
    expect(demo.logins.map((l) => l.role)).toEqual(['admin', 'teacher', 'student']);

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
  });
});
