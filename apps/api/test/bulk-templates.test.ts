import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, UBUNTU_BODY, type Harness } from './helpers/harness.js';
import { parseSse } from './helpers/sse.js';

describe('bulk builds, templates, audit and shutdown', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const { iso_file, storage, network_bridge } = UBUNTU_BODY;

  it('builds a class worth of VMs as one job with one result per VM', async () => {
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build-bulk',
      payload: {
        iso_file,
        storage,
        network_bridge,
        os_type: 'ubuntu',
        count: 3,
        name_pattern: 'lab-{nn}',
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, succeeded: 3, failed: 0 });
    expect(body.items.map((i: { name: string }) => i.name)).toEqual(['lab-01', 'lab-02', 'lab-03']);
    expect(new Set(body.items.map((i: { vmid: number }) => i.vmid)).size).toBe(3);
    const job = (
      await h.call(h.callers.teacher, { method: 'GET', url: `/api/vm-builder/jobs/${body.job_id}` })
    ).json().job;
    expect(job).toMatchObject({ kind: 'bulk', status: 'succeeded', result: { succeeded: 3 } });
  });

  it('finalises a hand-installed VM into a template, listed in the catalogue', async () => {
    const built = (
      await h.call(h.callers.teacher, {
        method: 'POST',
        url: '/api/vm-builder/build',
        payload: { ...UBUNTU_BODY, vm_name: 'golden' },
      })
    ).json();
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/templates',
      payload: { vmid: built.vmid },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, vmid: built.vmid, template: true });
    // Listings name the builder as people see them once an admin gave the teacher a name.
    h.ctx.users.setDisplayName(h.ctx.users.byUsername('teacher')!.id, 'Ana Lima');
    const mine = (await h.call(h.callers.teacher, { method: 'GET', url: '/api/vms' })).json()
      .vms as Array<{ vmid: number; built_by?: string; built_by_name?: string }>;
    expect(mine.find((v) => v.vmid === built.vmid)).toMatchObject({
      built_by: 'teacher',
      built_by_name: 'Ana Lima',
    });
    const vms = (
      await h.call(h.callers.teacher, { method: 'GET', url: '/api/vm-builder/templates' })
    ).json().vms as Array<{ vmid: number; template: boolean; built_by_labforge: boolean }>;
    expect(vms.find((v) => v.vmid === built.vmid)).toMatchObject({
      template: true,
      built_by_labforge: true,
      built_by_name: 'Ana Lima',
    });
    // A VMID nobody built is the administrators' to act on; for them it is simply missing.
    const missing = await h.call(h.callers.admin, {
      method: 'POST',
      url: '/api/vm-builder/templates',
      payload: { vmid: 99999 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('preflight: where the VM would go and what would stop it, without building', async () => {
    const before = h.ctx.jobs.list({ page: 1, pageSize: 100 }).total;
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/preflight',
      payload: { ...UBUNTU_BODY, storage: 'small-dir' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, would_succeed: false });
    expect(res.json().checks.some((c: { ok: boolean }) => !c.ok)).toBe(true);
    const ok = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/preflight',
      payload: UBUNTU_BODY,
    });
    expect(ok.json()).toMatchObject({ would_succeed: true, placement: { node: 'pve1' } });
    expect(h.ctx.jobs.list({ page: 1, pageSize: 100 }).total).toBe(before);
    const osTypes = (
      await h.call(h.callers.teacher, { method: 'GET', url: '/api/vm-builder/os-types' })
    ).json().os_types as Array<{ id: string; preset: { tpm: boolean } }>;
    expect(osTypes.find((o) => o.id === 'windows11')?.preset.tpm).toBe(true);
    const events = await h.call(h.callers.teacher, {
      method: 'GET',
      url: '/api/vm-builder/jobs/nope/events',
    });
    expect(events.statusCode).toBe(404);
    expect(events.json()).toEqual({ ok: false, error: 'job not found: nope' });
  });

  it('audits who built, converted and finalised what, with the outcome', async () => {
    const entries = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    ).json().entries as Array<{ actor: string; action: string; target: string; outcome: string }>;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'teacher',
          action: 'build-bulk',
          target: 'classroom/lab-{nn}',
          outcome: 'ok',
        }),
        expect.objectContaining({
          actor: 'teacher',
          action: 'build',
          target: 'classroom/golden',
          outcome: 'ok',
        }),
        expect.objectContaining({ actor: 'teacher', action: 'finalise-template', outcome: 'ok' }),
        expect.objectContaining({
          actor: 'admin',
          action: 'finalise-template',
          outcome: 'error',
        }),
      ]),
    );
  });

  it('on shutdown, refuses new jobs but lets a running build finish', async () => {
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'last-one', async: true },
    });
    const id = res.json().job_id as string;
    await h.ctx.runner.shutdown(20_000);
    expect(h.ctx.jobs.get(id)?.status).toBe('succeeded');
    const refused = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'too-late' },
    });
    expect(refused.statusCode).toBe(503);
    const done = parseSse(
      (await h.call(h.callers.teacher, { method: 'GET', url: `/api/vm-builder/jobs/${id}/events` }))
        .body,
    ).at(-1);
    expect(done?.data.type).toBe('done');
  });
});
