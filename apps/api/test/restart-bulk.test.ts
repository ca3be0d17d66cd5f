import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { adminHeaders, killChild } from './helpers/api-process.js';
import { killAndRestart, startStalledApi, waitForCheckpoint } from './helpers/crash-restart.js';
import { UBUNTU_BODY } from './helpers/harness.js';

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
    const started = await startStalledApi(dataDir);
    ({ sim, child } = started);
    const { vm_name: _single, ...options } = UBUNTU_BODY;
    const accepted = await request(`${started.url}/api/vm-builder/build-bulk`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({ ...options, name_pattern: 'kill-{n}', count: 4, async: true }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;

    // An item's `create` checkpoint is written once PVE accepted its POST: a VM exists.
    await waitForCheckpoint(dataDir, jobId, 'a VM created by the job', (cp) =>
      cp?.includes('"step":"create"') ? true : undefined,
    );
    const { app, ctx } = await killAndRestart(started);
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
