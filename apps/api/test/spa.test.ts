import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../src/app.js';
import { offlineApp } from './helpers/offline-app.js';

describe('serving the built SPA', () => {
  const dist = mkdtempSync(join(tmpdir(), 'labforge-web-'));
  let built: BuiltApp;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    built = await offlineApp({ web_dist: dist });
  });
  afterAll(async () => {
    await built.app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html, assets, and index.html for client routes', async () => {
    const root = await built.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('id="root"');
    expect(root.headers['content-security-policy']).toMatch(/default-src 'self'/);
    // Served over plain HTTP on a LAN (the demo), an upgrade would break every asset URL.
    expect(root.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect((await built.app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe(
      'console.log(1)',
    );
    const route = await built.app.inject({
      method: 'GET',
      url: '/jobs/123',
      headers: { accept: 'text/html' },
    });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('id="root"');
  });

  it('keeps JSON 404s for the API and missing assets', async () => {
    const api = await built.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { accept: 'text/html' },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ ok: false, error: 'not found: GET /api/nope' });
    expect((await built.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(
      404,
    );
  });

  it('tags every answer with a request id, reusing a well-formed incoming one', async () => {
    const given = await built.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'lb-1234' },
    });
    expect(given.headers['x-request-id']).toBe('lb-1234');
    const hostile = await built.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'a b"c' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
