import type { ClassActionResult, DeployResult, Job, MyVm } from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { classSeed, startHarness, type Caller, type Harness } from './helpers/harness.js';
import { simControl } from './helpers/sim-control.js';

let h: Harness;
let other: Caller;

beforeAll(async () => {
  h = await startHarness({
    seed: classSeed(),
    cluster: { clones: { retry_base_ms: 20, lock_retries: 6 } },
  });
  // A second teacher, to show the ownership rule on classes.
  h.ctx.users.create({
    username: 'teacher2',
    role: 'teacher',
    passwordHash: await hashPassword('teacher2-password', 12),
  });
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'teacher2', password: 'teacher2-password' },
  });
  other = {
    role: 'teacher',
    cookie: String(res.headers['set-cookie']).split(';')[0]!,
    csrf: (res.json() as { csrf_token: string }).csrf_token,
  };
  // The interim template rule: a teacher deploys templates recorded as theirs.
  const teacher = h.ctx.users.byUsername('teacher')!;
  for (const vmid of [9000, 9100, 9300])
    h.ctx.vmOwners.assign('classroom', vmid, teacher.id, 'admin');
}, 60_000);
afterAll(async () => {
  await h.close();
});

const deploy = (who: Caller, vmid: number, body: Record<string, unknown>) =>
  h.call(who, {
    method: 'POST',
    url: `/api/templates/classroom/${vmid}/deploy`,
    payload: body,
  });

async function settle(jobId: string): Promise<Job> {
  const settled = await h.ctx.runner.wait(jobId);
  return (
    await h.call(h.callers.teacher, {
      method: 'GET',
      url: `/api/vm-builder/jobs/${settled.job.id}`,
    })
  ).json<{ job: Job }>().job;
}

describe('deploying a class through the API', () => {
  it('deploys 30 linked clones across 3 nodes with distinct VMIDs through storage lock timeouts', async () => {
    // Someone else holds the NFS storage's cluster lock now and then: clones meet PVE's
    // "cfs-lock 'storage-nfs-images' error: got lock request timeout" and are retried.
    for (let i = 0; i < 3; i++)
      await simControl(h.sim, 'POST', '/_sim/faults', {
        method: 'POST',
        path: '/nodes/*/qemu/9100/clone',
        // The first clone surely meets one; later ones by chance.
        ...(i > 0 ? { probability: 0.3 } : {}),
        count: 1,
        effect: { type: 'storage-lock', storage: 'nfs-images', ms: 30_000 },
      });
    const res = await deploy(h.callers.teacher, 9100, {
      class_name: 'Networking A',
      count: 30,
      name_pattern: 'net-{nn}',
      tags: ['networking'],
      async: true,
    });
    expect(res.statusCode).toBe(202);
    const { job_id, status_url, events_url } = res.json<{
      job_id: string;
      status_url: string;
      events_url: string;
    }>();
    expect(events_url).toBe(`${status_url}/events`);
    const job = await settle(job_id);
    expect(job.status).toBe('succeeded');
    const result = job.result as DeployResult;
    expect(result).toMatchObject({
      clone: 'linked',
      class_name: 'Networking A',
      succeeded: 30,
      failed: 0,
    });
    expect(result.items.map((i) => [i.index, i.name, i.status])).toEqual(
      Array.from({ length: 30 }, (_, i) => [i + 1, `net-${String(i + 1).padStart(2, '0')}`, 'ok']),
    );
    const vmids = result.items.map((i) => i.vmid);
    expect(new Set(vmids).size).toBe(30);
    expect(new Set(result.items.map((i) => i.node))).toEqual(new Set(['pve1', 'pve2', 'pve3']));
    // One row per VM on the job page: each VM's steps carry its name.
    expect(new Set(job.steps.filter((s) => s.name === 'clone').map((s) => s.item)).size).toBe(30);
    await simControl(h.sim, 'DELETE', '/_sim/faults');
    const retried = h.ctx.jobs
      .eventsAfter(job_id, 0)
      .filter((e) => e.type === 'log' && e.message?.startsWith('Proxmox lock timed out'));
    expect(retried.length).toBeGreaterThan(0);
    expect(retried[0]?.message).toContain(
      "cfs-lock 'storage-nfs-images' error: got lock request timeout",
    );

    // Every VM is the deployer's, grouped as the class on My VMs.
    for (const vmid of vmids)
      expect(h.ctx.vmOwners.get('classroom', vmid!)?.username).toBe('teacher');
    const mine = (await h.call(h.callers.teacher, { method: 'GET', url: '/api/vms' })).json<{
      vms: MyVm[];
    }>().vms;
    const group = mine.filter((v) => v.class_id === job_id);
    expect(group).toHaveLength(30);
    expect(new Set(group.map((v) => v.class_name))).toEqual(new Set(['Networking A']));
  }, 120_000);

  it('refuses linked clones where Proxmox cannot make them, naming clone, with no job', async () => {
    const before = h.ctx.jobs.list({ page: 1, pageSize: 100 }).total;
    const res = await deploy(h.callers.teacher, 9300, {
      count: 2,
      name_pattern: 'x-{n}',
      clone: 'linked',
    });
    expect(res.statusCode).toBe(422);
    const body = res.json<{ error: string; details: { fields: Record<string, string> } }>();
    expect(body.error).toContain("storage 'thick' (LVM), which cannot make linked clones");
    expect(Object.keys(body.details.fields)).toEqual(['clone']);
    expect(h.ctx.jobs.list({ page: 1, pageSize: 100 }).total).toBe(before);
  });

  it('answers the form: linked possible or not, and why', async () => {
    const thick = await h.call(h.callers.teacher, {
      method: 'GET',
      url: '/api/templates/classroom/9300/deploy-options',
    });
    expect(thick.json()).toMatchObject({ ok: true, linked_possible: false, clone: 'full' });
    const local = await h.call(h.callers.teacher, {
      method: 'GET',
      url: '/api/templates/classroom/9000/deploy-options',
    });
    const o = local.json<{
      linked_possible: boolean;
      nodes: Array<{ node: string; usable: boolean }>;
    }>();
    expect(o.linked_possible).toBe(true);
    expect(o.nodes.filter((n) => n.usable).map((n) => n.node)).toEqual(['pve1']);
  });

  it('refuses what the request gets wrong before anything reaches Proxmox, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ count: 3 }, 'name_pattern'],
      [{ names: ['Ana', 'ana'] }, 'names'],
      [{ count: 2, name_pattern: 'a{n}', storage: 'local-lvm' }, 'storage'],
    ];
    for (const [body, field] of cases) {
      const res = await deploy(h.callers.teacher, 9000, body);
      expect([
        res.statusCode,
        Object.keys(res.json<{ details: { fields: object } }>().details.fields),
      ]).toEqual([400, [field]]);
    }
    // A script that does not exist is refused before any clone is made.
    const unknown = await deploy(h.callers.teacher, 9000, {
      count: 2,
      name_pattern: 'a{n}',
      script: { script_id: 'abcdef123' },
    });
    expect([unknown.statusCode, unknown.json<{ error: string }>().error]).toEqual([
      404,
      'script not found: abcdef123',
    ]);
  });

  it('lets only the template’s owner (or an admin) deploy it', async () => {
    const body = { count: 1, name_pattern: 'own-{n}' };
    expect((await deploy(other, 9000, body)).statusCode).toBe(403);
    expect((await deploy(h.callers.student, 9000, body)).statusCode).toBe(403);
  });
});

describe('a class on My VMs', () => {
  let classId = '';
  const act = (who: Caller, body: Record<string, unknown>) =>
    h.call(who, { method: 'POST', url: `/api/classes/${classId}/actions`, payload: body });

  beforeAll(async () => {
    const res = await deploy(h.callers.teacher, 9000, {
      class_name: 'Linux 101',
      names: ['Ana Lima', 'Bo Chen', 'Chloé Dupont'],
    });
    expect(res.statusCode).toBe(200);
    const result = res.json<DeployResult>();
    expect(result.items.map((i) => [i.name, i.status, i.node])).toEqual([
      ['ana-lima', 'ok', 'pve1'],
      ['bo-chen', 'ok', 'pve1'],
      ['chloe-dupont', 'ok', 'pve1'],
    ]);
    classId = result.job_id;
    const up = (await act(h.callers.teacher, { action: 'start' })).json<ClassActionResult>();
    expect(up).toMatchObject({ ok: true, succeeded: 3, action: 'start' });
  }, 60_000);

  it('refuses another teacher before anything reaches Proxmox', async () => {
    const res = await act(other, { action: 'shutdown' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: string }>().error).toMatch(/belongs to another teacher/);
  });

  it('deletes only after a confirmation naming the class, and never while VMs run', async () => {
    const wrong = await act(h.callers.teacher, { action: 'delete', confirm: 'linux 101' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: string }>().error).toBe(
      'type the class name "Linux 101" to confirm deleting its 3 VMs',
    );
    const running = await act(h.callers.teacher, { action: 'delete', confirm: 'Linux 101' });
    expect(running.statusCode).toBe(409);
    expect(running.json<{ error: string }>().error).toMatch(
      /^3 VMs are of "Linux 101" still running .*: shut them down first/,
    );
  });

  it('shuts down and deletes the whole class, one outcome per VM', async () => {
    const down = (await act(h.callers.teacher, { action: 'shutdown' })).json<ClassActionResult>();
    expect(down).toMatchObject({ ok: true, succeeded: 3, class_name: 'Linux 101' });
    const again = (await act(h.callers.teacher, { action: 'shutdown' })).json<ClassActionResult>();
    expect(again.items.map((i) => i.status)).toEqual(['skipped', 'skipped', 'skipped']);
    const del = (
      await act(h.callers.teacher, { action: 'delete', confirm: 'Linux 101' })
    ).json<ClassActionResult>();
    expect(del.items.map((i) => [i.name, i.status])).toEqual([
      ['ana-lima', 'ok'],
      ['bo-chen', 'ok'],
      ['chloe-dupont', 'ok'],
    ]);
    const mine = (await h.call(h.callers.teacher, { method: 'GET', url: '/api/vms' })).json<{
      vms: MyVm[];
    }>().vms;
    expect(mine.filter((v) => v.class_id === classId)).toEqual([]);
    const audit = h.ctx.audit.list(1, 200).entries.map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining(['class-shutdown', 'class-delete', 'vm-delete', 'deploy-class']),
    );
  });
});
