import { startSimulator, type RunningSimulator } from '@labforge/pve-sim';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createClusterHandles } from '../src/clusters/runtime.js';
import { parseConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { realEngine } from '../src/start.js';
import { adminHeaders, killChild, startChild, waitFor } from './helpers/api-process.js';
import { FAST_CLIENT, simConfig, testSeed, UBUNTU_BODY } from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';

describe('the API process killed mid-way through a bulk job', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-bulk-'));
  afterAll(async () => {
    if (child) await killChild(child);
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconciles the job with Proxmox after a restart: one VM per item, finished once', async () => {
    sim = await startSimulator({ seed: testSeed(), https: true, taskSpeed: 50 });
    const raw = { ...simConfig(sim, dataDir), port: 0, host: '127.0.0.1' };
    const configFile = join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify(raw));
    const started = await startChild(configFile);
    child = started.child;
    // Task status polls hang, so the items sit in their create step when the process dies.
    await simControl(sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 60_000 },
    });
    const { vm_name: _single, ...options } = UBUNTU_BODY;
    const accepted = await request(`${started.url}/api/vm-builder/build-bulk`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({ ...options, name_pattern: 'kill-{n}', count: 4, async: true }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;

    const db = new Database(join(dataDir, 'labforge.db'), { readonly: true });
    // An item's `create` checkpoint is written once PVE accepted its POST: a VM exists.
    await waitFor('a VM created by the job', () => {
      const row = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as {
        checkpoint: string | null;
      };
      return row.checkpoint?.includes('"step":"create"') ? true : undefined;
    });
    db.close();
    await killChild(child);
    await simControl(sim, 'DELETE', '/_sim/faults');

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
      expect(settled.job.warnings.join(' ')).toMatch(/reconciling it with Proxmox/);
      const items = (settled.job.result as { items: Array<{ name: string; vmid: number }> }).items;
      expect(items.map((i) => i.name)).toEqual(['kill-1', 'kill-2', 'kill-3', 'kill-4']);
      const vms = (await ctx.clusters.get('classroom')!.engine.catalogue()).filter((v) =>
        v.name.startsWith('kill-'),
      );
      expect(vms.map((v) => v.name).sort()).toEqual(['kill-1', 'kill-2', 'kill-3', 'kill-4']);
      expect(new Set(vms.map((v) => v.vmid))).toEqual(new Set(items.map((i) => i.vmid)));
      const events = ctx.jobs.eventsAfter(jobId, 0);
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      const reconciled = events.find(
        (e) => e.type === 'step' && e.step === 'reconcile' && e.message,
      );
      expect(reconciled?.message).toMatch(/^[1-4] of 4 VMs were already created by this job$/);
    } finally {
      await app.close();
    }
  }, 90_000);
});
