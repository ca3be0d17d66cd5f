import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, UBUNTU_BODY, type Harness } from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';

describe('synchronous callers always get an answer that tells the truth', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a bulk build in which every VM failed is not a 200', async () => {
    // small-dir has 1 GiB free: no VM of the class fits.
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build-bulk',
      payload: {
        ...UBUNTU_BODY,
        vm_name: undefined,
        storage: 'small-dir',
        count: 2,
        name_pattern: 'none-{nn}',
      },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^None of the 2 VMs could be built: /),
      details: { result: { succeeded: 0, failed: 2 } },
    });
  });

  it('a caller still waiting when the shutdown grace ends gets 503 with the job to follow', async () => {
    // Task polls hang: the build cannot finish within the grace period.
    await simControl(h.sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 3_000 },
    });
    try {
      const waiting = h.call(h.callers.teacher, {
        method: 'POST',
        url: '/api/vm-builder/build',
        payload: { ...UBUNTU_BODY, vm_name: 'interrupted' },
      });
      for (let i = 0; i < 200; i++) {
        const running = h.ctx.jobs
          .list({ page: 1, pageSize: 20 })
          .jobs.find((j) => j.status === 'running');
        if (running) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await h.ctx.runner.shutdown(100);
      const res = await waiting;
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.error).toMatch(/carries on after the restart: follow it at status_url/);
      expect(body.details.status_url).toBe(`/api/vm-builder/jobs/${body.details.job_id}`);
      expect(h.ctx.jobs.get(body.details.job_id)?.status).toBe('running');
      // This process would now exit; here the build is stopped so the harness can close.
      await simControl(h.sim, 'DELETE', '/_sim/faults');
      await h.ctx.runner.cancel(body.details.job_id as string, 'test');
    } finally {
      await simControl(h.sim, 'DELETE', '/_sim/faults');
    }
  });
});
