import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, UBUNTU_BODY, type Harness } from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';
import { parseSse } from './helpers/sse.js';

describe('build jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const t = () => h.callers.teacher;

  it('answers 202 for "async": true and streams every step, then done, in order', async () => {
    const res = await h.call(t(), {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'async-1', async: true },
    });
    expect(res.statusCode).toBe(202);
    const accepted = res.json();
    expect(accepted).toMatchObject({
      ok: true,
      status: 'queued',
      status_url: `/api/vm-builder/jobs/${accepted.job_id}`,
      events_url: `/api/vm-builder/jobs/${accepted.job_id}/events`,
    });
    expect(res.headers.location).toBe(accepted.status_url);

    const stream = await h.call(t(), { method: 'GET', url: accepted.events_url });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(stream.body);
    expect(events.map((e) => e.data.seq)).toEqual(events.map((_e, i) => i + 1));
    expect(events.every((e) => e.id === String(e.data.seq) && e.event === e.data.type)).toBe(true);
    const done = events.at(-1)!.data;
    expect(done).toMatchObject({
      type: 'done',
      status: 'succeeded',
      job: { id: accepted.job_id, status: 'succeeded' },
    });
    const started = events
      .filter((e) => e.data.type === 'step' && e.data.status === 'running')
      .map((e) => e.data.step);
    expect(started.indexOf('resolve-iso')).toBeLessThan(started.indexOf('create'));

    // A reconnect with Last-Event-ID gets only what came after it.
    const resumed = parseSse(
      (
        await h.call(t(), {
          method: 'GET',
          url: accepted.events_url,
          headers: { 'last-event-id': '2' },
        })
      ).body,
    );
    expect(resumed.map((e) => e.data.seq)).toEqual(events.slice(2).map((e) => e.data.seq));
  });

  it('honours Prefer: respond-async', async () => {
    const res = await h.call(t(), {
      method: 'POST',
      url: '/api/vm-builder/build',
      headers: { prefer: 'respond-async' },
      payload: { ...UBUNTU_BODY, vm_name: 'async-2' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers['preference-applied']).toBe('respond-async');
    const done = parseSse(
      (await h.call(t(), { method: 'GET', url: res.json().events_url })).body,
    ).at(-1)!.data;
    expect(done.status).toBe('succeeded');
  });

  it('lists jobs newest first, paginated; teachers see only theirs, admins everyone', async () => {
    const admin = await h.call(h.callers.admin, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'admins-vm', async: true },
    });
    const adminJob = admin.json().job_id as string;
    await h.call(h.callers.admin, {
      method: 'GET',
      url: `/api/vm-builder/jobs/${adminJob}/events`,
    });

    const mine = (
      await h.call(t(), { method: 'GET', url: '/api/vm-builder/jobs?page_size=1' })
    ).json();
    expect(mine).toMatchObject({ ok: true, page: 1, page_size: 1, total: 2 });
    expect(mine.jobs[0].request.vm_name).toBe('async-2');
    expect(
      (await h.call(t(), { method: 'GET', url: `/api/vm-builder/jobs/${adminJob}` })).statusCode,
    ).toBe(404);

    const all = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/vm-builder/jobs?status=succeeded' })
    ).json();
    expect(all.total).toBe(3);
    const byTeacher = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/vm-builder/jobs?user=teacher' })
    ).json();
    expect(byTeacher.total).toBe(2);
    expect(
      (
        await h.call(h.callers.admin, { method: 'GET', url: `/api/vm-builder/jobs/${adminJob}` })
      ).json().job.created_by,
    ).toBe('admin');
  });

  it('cancels a running build: the PVE task stops and what it made is removed', async () => {
    // Slow the task polling so the job is certainly mid-build when the cancel arrives.
    await simControl(h.sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 150 },
    });
    try {
      const res = await h.call(t(), {
        method: 'POST',
        url: '/api/vm-builder/build',
        payload: { ...UBUNTU_BODY, vm_name: 'to-cancel', async: true },
      });
      const id = res.json().job_id as string;
      for (let i = 0; i < 100 && h.ctx.jobs.get(id)?.status !== 'running'; i++)
        await new Promise((r) => setTimeout(r, 20));
      const cancelled = await h.call(t(), {
        method: 'POST',
        url: `/api/vm-builder/jobs/${id}/cancel`,
      });
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json().job.status).toBe('cancelled');
      const again = await h.call(t(), { method: 'POST', url: `/api/vm-builder/jobs/${id}/cancel` });
      expect(again.statusCode).toBe(409);
      const vms = (await h.call(t(), { method: 'GET', url: '/api/vm-builder/templates' })).json()
        .vms as Array<{ name: string }>;
      expect(vms.some((v) => v.name === 'to-cancel')).toBe(false);
      const audit = (
        await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit' })
      ).json();
      expect(
        audit.entries.some(
          (e: { action: string; actor: string }) => e.action === 'cancel' && e.actor === 'teacher',
        ),
      ).toBe(true);
    } finally {
      await simControl(h.sim, 'DELETE', '/_sim/faults');
    }
  });

  it('a student cannot see or cancel jobs', async () => {
    expect(
      (await h.call(h.callers.student, { method: 'GET', url: '/api/vm-builder/jobs' })).statusCode,
    ).toBe(403);
  });
});
