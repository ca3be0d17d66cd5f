import type { RunningSimulator } from '@labforge/pve-sim';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, killChild } from './helpers/api-process.js';
import { killAndRestart, startStalledApi, waitForCheckpoint } from './helpers/crash-restart.js';

const MiB = 1024 * 1024;

/**
 * A download by URL keeps running in Proxmox while LabForge restarts: the restarted API picks
 * up the `download` task it had started (from the job's checkpoint) and waits for it, instead
 * of downloading the file a second time or leaving the job running forever.
 */
describe('the API process killed during an ISO download', () => {
  let sim: RunningSimulator | undefined;
  let child: ChildProcess | undefined;
  let mirror: Server;
  let mirrorUrl: string;
  let fetches = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-restart-download-'));
  beforeAll(async () => {
    mirror = createServer((req, res) => {
      if (req.method === 'GET') fetches++;
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': 4 * MiB,
      });
      if (req.method === 'HEAD') return void res.end();
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ >= 4) return void (clearInterval(timer), res.end());
        res.write(Buffer.alloc(MiB, 7));
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (child) await killChild(child);
    await sim?.close();
    mirror.closeAllConnections();
    await new Promise((r) => mirror.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits for the download it had started: the file arrives once, the job ends once', async () => {
    // Task status polls hang, so the job sits in its download step when the process dies.
    const started = await startStalledApi(dataDir);
    ({ sim, child } = started);
    const accepted = await request(`${started.url}/api/iso-library/download`, {
      method: 'POST',
      headers: await adminHeaders(started.url),
      body: JSON.stringify({ url: `${mirrorUrl}/tools.iso`, filename: 'tools.iso', async: true }),
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = ((await accepted.body.json()) as { job_id: string }).job_id;
    const checkpoint = await waitForCheckpoint(dataDir, jobId, 'the download checkpoint', (raw) => {
      type Checkpoint = { step?: string; upid?: string; volid?: string };
      const cp: Checkpoint = raw ? (JSON.parse(raw) as Checkpoint) : {};
      return cp.step === 'download-iso' ? cp : undefined;
    });
    expect(checkpoint.upid).toMatch(/^UPID:[^:]+:.*:download:/);

    const { app, ctx } = await killAndRestart(started);
    try {
      const settled = await ctx.runner.wait(jobId);
      expect(settled.job.status, JSON.stringify(settled.job.error)).toBe('succeeded');
      expect(settled.job.result).toMatchObject({ volid: checkpoint.volid, upid: checkpoint.upid });
      const step = settled.job.steps.find((s) => s.name === 'download-iso');
      expect(step?.detail).toMatch(/continued while the API restarted/);
      expect(fetches).toBe(1);
      const events = ctx.jobs.eventsAfter(jobId, 0);
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      const library = await ctx.clusters.get('classroom')!.engine.isoLibrary();
      expect(library.isos.filter((i) => i.volid === checkpoint.volid)).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 90_000);
});
