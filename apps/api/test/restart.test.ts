import { startSimulator, type RunningSimulator } from '@labforge/pve-sim';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createClusterHandles } from '../src/clusters/runtime.js';
import { parseConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { realEngine } from '../src/start.js';
import { FAST_CLIENT, simConfig, testSeed, UBUNTU_BODY } from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';

const CHILD = fileURLToPath(new URL('./helpers/api-child.ts', import.meta.url));

function startChild(configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@labforge/source', '--import', 'tsx', CHILD],
    {
      env: {
        ...process.env,
        LABFORGE_CONFIG: configFile,
        LABFORGE_ADMIN_USERNAME: 'admin',
        LABFORGE_ADMIN_PASSWORD: 'admin-password-1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`API child exited early (${code})`)));
  });
}

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the API process killed mid-build', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-'));
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes the job from its checkpoint after a restart: finished once, no second VM', async () => {
    sim = await startSimulator({ seed: testSeed(), https: true, taskSpeed: 50 });
    const raw = { ...simConfig(sim, dataDir), port: 0, host: '127.0.0.1' };
    const configFile = join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify(raw));
    const started = await startChild(configFile);
    child = started.child;

    const login = await request(`${started.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    const session = (await login.body.json()) as { csrf_token: string };
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    // Task status polls hang, so the build sits in its create step when the process dies.
    await simControl(sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 60_000 },
    });
    const accepted = await request(`${started.url}/api/vm-builder/build`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrf_token },
      body: JSON.stringify({
        ...UBUNTU_BODY,
        vm_name: 'survivor',
        convert_to_template: true,
        async: true,
      }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;

    const db = new Database(join(dataDir, 'labforge.db'), { readonly: true });
    const checkpoint = await waitFor('the create checkpoint', () => {
      const row = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as {
        checkpoint: string | null;
      };
      const cp = row.checkpoint
        ? (JSON.parse(row.checkpoint) as { step: string; vmid?: number })
        : undefined;
      return cp?.step === 'create' ? cp : undefined;
    });
    db.close();
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    await simControl(sim, 'DELETE', '/_sim/faults');

    // A new process on the same data directory.
    const config = parseConfig(raw);
    const logger = createLogger('silent');
    const { app, ctx } = await buildApp({
      config,
      logger,
      clusters: createClusterHandles(config, logger, realEngine, FAST_CLIENT),
    });
    try {
      const settled = await ctx.runner.wait(jobId);
      expect(settled.job.status).toBe('succeeded');
      expect(settled.job.result).toMatchObject({
        vmid: checkpoint.vmid,
        name: 'survivor',
        template: true,
      });
      expect(settled.job.warnings.join(' ')).toMatch(/restarted/);
      const vms = await ctx.clusters.get('classroom')!.engine.catalogue();
      expect(vms.filter((v) => v.name === 'survivor')).toHaveLength(1);
      const events = ctx.jobs.eventsAfter(jobId, 0);
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 90_000);
});

describe('reconciling jobs left in the database', () => {
  it('starts a queued build, settles an interrupted bulk job, each exactly once', async () => {
    const { startHarness } = await import('./helpers/harness.js');
    const h = await startHarness({ recover: false });
    try {
      const base = {
        cluster_id: 'classroom',
        created_by: 'teacher',
        created_at: new Date().toISOString(),
        steps: [],
        warnings: [],
      };
      h.ctx.jobs.insert({
        ...base,
        id: 'queued-build',
        kind: 'build',
        status: 'queued',
        request: {
          ...UBUNTU_BODY,
          vm_name: 'from-queue',
          os_type: 'ubuntu',
          convert_to_template: false,
        },
      });
      h.ctx.jobs.insert({
        ...base,
        id: 'running-bulk',
        kind: 'bulk',
        status: 'running',
        request: { name_pattern: 'lab-{nn}', count: 2 },
      });
      await h.restart();
      const queued = await h.ctx.runner.wait('queued-build');
      expect(queued.job.status).toBe('succeeded');
      const bulk = h.ctx.jobs.get('running-bulk')!;
      expect(bulk).toMatchObject({
        status: 'failed',
        error: { message: expect.stringMatching(/restarted/) },
      });
      await h.restart();
      expect(h.ctx.jobs.unfinished()).toEqual([]);
      const vms = await h.ctx.clusters.get('classroom')!.engine.catalogue();
      expect(vms.filter((v) => v.name === 'from-queue')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
