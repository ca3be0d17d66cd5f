import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { openDatabase } from '../src/db/database.js';
import { migrations } from '../src/db/migrations.js';
import { VmOwnerStore } from '../src/db/vm-owners.js';
import { startHarness, UBUNTU_BODY, type Caller, type Harness } from './helpers/harness.js';

describe('who may act on an existing VM', () => {
  let h: Harness;
  let other: Caller;
  let built: { vmid: number; job_id: string };
  beforeAll(async () => {
    h = await startHarness();
    h.ctx.users.create({
      username: 'other-teacher',
      role: 'teacher',
      passwordHash: await hashPassword('other-teacher-pw-1', 12),
    });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'other-teacher', password: 'other-teacher-pw-1' },
    });
    other = {
      role: 'teacher',
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json().csrf_token as string,
    };
    built = (
      await h.call(h.callers.teacher, {
        method: 'POST',
        url: '/api/vm-builder/build',
        payload: { ...UBUNTU_BODY, vm_name: 'owned-vm' },
      })
    ).json();
  });
  afterAll(() => h.close());

  const finalise = (who: Caller, vmid: number) =>
    h.call(who, { method: 'POST', url: '/api/vm-builder/templates', payload: { vmid } });

  it('records the builder as the owner of the VM it built', () => {
    expect(h.ctx.vmOwners.get('classroom', built.vmid)).toMatchObject({
      username: 'teacher',
      source: 'built',
      job_id: built.job_id,
    });
  });

  it("refuses another teacher's VM and a VM LabForge never built, before anything reaches Proxmox", async () => {
    const foreign = await finalise(other, built.vmid);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toBe(
      `you cannot finalise this VM: VM ${built.vmid} belongs to another teacher`,
    );
    // The classroom seed's VM 101 exists in Proxmox but was not built in LabForge.
    const seeded = await finalise(h.callers.teacher, 101);
    expect(seeded.statusCode).toBe(403);
    expect(seeded.json().error).toMatch(/VM 101 was not built in LabForge; an administrator can/);
    expect(
      h.ctx.jobs.list({ page: 1, pageSize: 100 }).jobs.some((j) => j.kind === 'finalise'),
    ).toBe(false);
    const audit = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    ).json().entries as Array<{ actor: string; action: string; target: string }>;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'other-teacher',
          action: 'vm-access-refused',
          target: `vm classroom/${built.vmid}`,
        }),
      ]),
    );
  });

  it('an administrator assigns a VM to a teacher, who may then act on it; students cannot be given VMs', async () => {
    const assign = (username: string) =>
      h.call(h.callers.admin, {
        method: 'PUT',
        url: '/api/admin/vm-owners/classroom/101',
        payload: { username },
      });
    expect((await assign('student')).json().error).toMatch(/student; only teachers/);
    expect((await assign('nobody')).statusCode).toBe(404);
    const ok = await assign('other-teacher');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().owner).toMatchObject({
      vmid: 101,
      username: 'other-teacher',
      source: 'assigned',
      assigned_by: 'admin',
    });
    const list = await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/vm-owners' });
    expect(list.json().owners.map((o: { vmid: number }) => o.vmid)).toEqual(
      expect.arrayContaining([101, built.vmid]),
    );
    expect((await finalise(h.callers.teacher, 101)).statusCode).toBe(403);
    // 101 is running in the seed: the refusal now comes from the finalise itself, not the rule.
    const allowed = await finalise(other, 101);
    expect(allowed.statusCode).not.toBe(403);
    const released = await h.call(h.callers.admin, {
      method: 'DELETE',
      url: '/api/admin/vm-owners/classroom/101',
    });
    expect(released.statusCode).toBe(200);
    expect((await finalise(other, 101)).statusCode).toBe(403);
    expect(
      (await h.call(h.callers.teacher, { method: 'GET', url: '/api/admin/vm-owners' })).statusCode,
    ).toBe(403);
  });

  it('the owner and administrators may act', async () => {
    expect((await finalise(h.callers.teacher, built.vmid)).statusCode).toBe(200);
  });
});

describe('the ownership table after an upgrade', () => {
  it('is filled from the build and bulk jobs that ran before it existed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labforge-owners-'));
    try {
      const old = new Database(join(dir, 'labforge.db'));
      old.exec(migrations[0]!);
      old.pragma('user_version = 1');
      old
        .prepare(
          "INSERT INTO users (id, username, password_hash, role, created_at) VALUES ('u1', 'ann', 'x', 'teacher', '2026-01-01')",
        )
        .run();
      const job = old.prepare(
        `INSERT INTO jobs (id, kind, status, cluster_id, created_by, created_at, request, steps, warnings, result)
         VALUES (?, ?, 'succeeded', 'lab', 'ann', '2026-01-02', '{}', '[]', '[]', ?)`,
      );
      job.run('j1', 'build', JSON.stringify({ vmid: 120 }));
      job.run(
        'j2',
        'bulk',
        JSON.stringify({ items: [{ vmid: 121 }, { name: 'x' }, { vmid: 122 }] }),
      );
      job.run('j3', 'finalise', JSON.stringify({ vmid: 130 }));
      old.close();

      const db = openDatabase(dir);
      const owners = new VmOwnerStore(db).list();
      db.close();
      expect(owners.map((o) => [o.vmid, o.username, o.job_id])).toEqual([
        [120, 'ann', 'j1'],
        [121, 'ann', 'j2'],
        [122, 'ann', 'j2'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
