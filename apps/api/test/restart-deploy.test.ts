import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeployResult } from '@labforge/contracts';
import type { RunningSimulator } from '@labforge/pve-sim';
import { adminHeaders, killChild } from './helpers/api-process.js';
import { killAndRestart, startStalledApi, waitForCheckpoint } from './helpers/crash-restart.js';
import { classSeed } from './helpers/harness.js';

describe('the API process killed mid-way through a class deployment', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-deploy-'));
  afterAll(async () => {
    if (child) await killChild(child);
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('matches the clones already made to their VMs after a restart and makes no duplicate', async () => {
    // Task-status polls hang: clones run in Proxmox, but the API never hears that they ended.
    const started = await startStalledApi(dataDir, undefined, { seed: classSeed() });
    ({ sim, child } = started);
    const accepted = await request(`${started.url}/api/templates/classroom/9100/deploy`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({ count: 6, name_pattern: 'kd-{n}', class_name: 'Killed', async: true }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;

    // Some items' clone POSTs were answered (checkpoint phase `cloning`): their VMs exist.
    await waitForCheckpoint(dataDir, jobId, 'clones in flight', (cp) =>
      (cp?.match(/"phase":"cloning"/g)?.length ?? 0) >= 2 ? true : undefined,
    );
    const { app, ctx } = await killAndRestart(started);
    try {
      const settled = await ctx.runner.wait(jobId);
      expect(settled.job.status).toBe('succeeded');
      expect(settled.job.warnings.join(' ')).toMatch(/reconciling it with Proxmox/);
      const result = settled.job.result as DeployResult;
      expect(result.items.map((i) => [i.name, i.status])).toEqual(
        ['kd-1', 'kd-2', 'kd-3', 'kd-4', 'kd-5', 'kd-6'].map((n) => [n, 'ok']),
      );
      const onCluster = (
        await ctx.clusters.get('classroom')!.engine.vms.describe(result.items.map((i) => i.vmid!))
      ).filter((f) => f.state !== 'missing');
      expect(onCluster.map((f) => f.name).sort()).toEqual([
        'kd-1',
        'kd-2',
        'kd-3',
        'kd-4',
        'kd-5',
        'kd-6',
      ]);
      expect(new Set(result.items.map((i) => i.vmid)).size).toBe(6);
      const events = ctx.jobs.eventsAfter(jobId, 0);
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      const reconciled = events.find(
        (e) => e.type === 'step' && e.step === 'reconcile' && e.message,
      );
      expect(reconciled?.message).toMatch(/^[2-6] of 6 VMs were already cloned by this job$/);
      for (const i of result.items)
        expect(ctx.vmOwners.get('classroom', i.vmid!)?.username).toBe('admin');
    } finally {
      await app.close();
    }
  }, 90_000);
});
