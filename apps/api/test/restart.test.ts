import type { RunningSimulator } from '@labforge/pve-sim';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import {
  buildRequestSchema,
  bulkBuildRequestSchema,
  finaliseTemplateRequestSchema,
} from '@labforge/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { adminHeaders, killChild } from './helpers/api-process.js';
import { killAndRestart, startStalledApi, waitForCheckpoint } from './helpers/crash-restart.js';
import { UBUNTU_BODY } from './helpers/harness.js';

describe('the API process killed mid-build', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-'));
  afterAll(async () => {
    if (child) await killChild(child);
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes the job from its checkpoint after a restart: finished once, no second VM', async () => {
    // Task status polls hang, so the build sits in its create step when the process dies.
    const started = await startStalledApi(dataDir);
    ({ sim, child } = started);
    const accepted = await request(`${started.url}/api/vm-builder/build`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({
        ...UBUNTU_BODY,
        vm_name: 'survivor',
        convert_to_template: true,
        async: true,
      }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;

    const checkpoint = await waitForCheckpoint(dataDir, jobId, 'the create checkpoint', (raw) => {
      const cp = raw ? (JSON.parse(raw) as { step: string; vmid?: number }) : undefined;
      return cp?.step === 'create' ? cp : undefined;
    });
    // A new process on the same data directory.
    const { app, ctx } = await killAndRestart(started);
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

describe('the API process killed while Proxmox creates the VM', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-create-'));
  afterAll(async () => {
    if (child) await killChild(child);
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adopts the VM whose create it had sent: one VM, reported, never a second one', async () => {
    // Proxmox handles the create (config with `lock: create`, qmcreate running), but its
    // answer is held back: the process dies before it learns the task.
    const started = await startStalledApi(dataDir, {
      method: 'POST',
      path: '/nodes/*/qemu',
      effect: { type: 'delay', ms: 60_000, when: 'after' },
    });
    ({ sim, child } = started);
    const accepted = await request(`${started.url}/api/vm-builder/build`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({ ...UBUNTU_BODY, vm_name: 'in-flight', async: true }),
    });
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;
    const checkpoint = await waitForCheckpoint(dataDir, jobId, 'the creating checkpoint', (raw) => {
      const cp = raw ? (JSON.parse(raw) as { step: string; vmid?: number }) : undefined;
      return cp?.step === 'creating' ? cp : undefined;
    });
    // The create has reached Proxmox before the process dies.
    await new Promise((r) => setTimeout(r, 500));
    const { app, ctx } = await killAndRestart(started);
    try {
      const settled = await ctx.runner.wait(jobId);
      expect(settled.job.status).toBe('succeeded');
      expect(settled.job.result).toMatchObject({ vmid: checkpoint.vmid, name: 'in-flight' });
      const vms = await ctx.clusters.get('classroom')!.engine.catalogue();
      expect(vms.filter((v) => v.name === 'in-flight').map((v) => v.vmid)).toEqual([
        checkpoint.vmid,
      ]);
      expect(ctx.vmOwners.get('classroom', checkpoint.vmid!)?.job_id).toBe(jobId);
    } finally {
      await app.close();
    }
  }, 90_000);
});

describe('reconciling jobs left in the database', () => {
  it('starts a queued build, reconciles an interrupted bulk and finalise, each exactly once', async () => {
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
      const engine = () => h.ctx.clusters.get('classroom')!.engine;
      const quiet = (jobId: string) => ({
        jobId,
        user: 'teacher',
        signal: new AbortController().signal,
        emit: () => undefined,
      });
      const { vm_name: _unused, ...options } = UBUNTU_BODY;
      const bulkRequest = bulkBuildRequestSchema.parse({
        ...options,
        name_pattern: 'lab-{nn}',
        count: 3,
      });
      // The process that died had built the first item of the bulk and converted a template.
      const early = await engine().jobs.bulk.run(
        { ...bulkRequest, count: 1 },
        quiet('running-bulk'),
      );
      const golden = await engine().jobs.build.run(
        buildRequestSchema.parse({ ...UBUNTU_BODY, vm_name: 'golden', convert_to_template: true }),
        quiet('other-job'),
      );
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
        request: bulkRequest,
      });
      h.ctx.jobs.insert({
        ...base,
        id: 'running-finalise',
        kind: 'finalise',
        status: 'running',
        request: finaliseTemplateRequestSchema.parse({ vmid: golden.vmid }),
      });
      await h.restart();
      const queued = await h.ctx.runner.wait('queued-build');
      expect(queued.job.status).toBe('succeeded');
      const bulk = (await h.ctx.runner.wait('running-bulk')).job;
      expect(bulk.status).toBe('succeeded');
      expect(bulk.warnings.join(' ')).toMatch(/reconciling it with Proxmox/);
      const items = (bulk.result as { items: Array<{ name: string; vmid: number }> }).items;
      expect(items.map((i) => i.name)).toEqual(['lab-01', 'lab-02', 'lab-03']);
      expect(items[0]?.vmid).toBe(early.items[0]?.vmid);
      const finalise = (await h.ctx.runner.wait('running-finalise')).job;
      expect(finalise.status).toBe('succeeded');
      expect(finalise.result).toMatchObject({ vmid: golden.vmid, ejected: [] });
      expect(finalise.warnings.join(' ')).toMatch(/reconciled after an API restart/);

      await h.restart();
      expect(h.ctx.jobs.unfinished()).toEqual([]);
      const vms = await engine().catalogue();
      expect(vms.filter((v) => v.name === 'from-queue')).toHaveLength(1);
      const lab = vms.filter((v) => v.name.startsWith('lab-'));
      expect(lab.map((v) => v.name).sort()).toEqual(['lab-01', 'lab-02', 'lab-03']);
      expect(new Set(lab.map((v) => v.vmid)).size).toBe(3);
      for (const id of ['running-bulk', 'running-finalise']) {
        const events = h.ctx.jobs.eventsAfter(id, 0);
        expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      }
    } finally {
      await h.close();
    }
  });
});
