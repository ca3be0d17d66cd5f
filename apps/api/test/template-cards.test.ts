import type { TemplateCard } from '@labforge/contracts';
import Database from 'better-sqlite3';
import type { FastifyRequest } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomCredentials } from '@labforge/pve-sim';
import { authoriseTemplateUse } from '../src/access/template-access.js';
import { hashPassword } from '../src/auth/password.js';
import { openDatabase } from '../src/db/database.js';
import { migrations } from '../src/db/migrations.js';
import { TemplateCardStore } from '../src/db/template-cards.js';
import { ApiError } from '../src/http/api-error.js';
import {
  startHarness,
  testSeed,
  UBUNTU_BODY,
  type Caller,
  type Harness,
} from './helpers/harness.js';

const WIN11 = {
  vm_name: 'win11-class',
  os_type: 'windows11',
  iso_file: 'local:iso/Win11_24H2_English_x64.iso',
  cpu_cores: 2,
  memory_mb: 4096,
  disk_size_gb: 64,
  storage: 'local-lvm',
  network_bridge: 'vmbr0',
  convert_to_template: true,
};

/** The classroom seed plus a versioned virtio-win ISO (the one a Windows build picks). */
function seed() {
  const base = testSeed();
  return {
    ...base,
    files: [
      ...(base.files ?? []),
      { volid: 'isos-nfs:iso/virtio-win-0.1.266.iso', size: 753854464, ctime: 1754000600 },
    ],
  } as typeof base;
}

const agent = new Agent({ connect: { rejectUnauthorized: false } });
/** Reads a VM's config straight from the simulator, as root. */
async function pveConfig(h: Harness, node: string, vmid: number): Promise<Record<string, unknown>> {
  const { username, password } = classroomCredentials.root;
  const login = await request(`${h.sim.url}/api2/json/access/ticket`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const ticket = ((await login.body.json()) as { data: { ticket: string } }).data.ticket;
  const res = await request(`${h.sim.url}/api2/json/nodes/${node}/qemu/${vmid}/config`, {
    dispatcher: agent,
    headers: { cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` },
  });
  return ((await res.body.json()) as { data: Record<string, unknown> }).data;
}

describe('template cards: sharing, versions, retirement, the Proxmox mirror', () => {
  let h: Harness;
  const extra: Record<string, Caller> = {};
  let win: number;
  let linux: number;

  async function addTeacher(username: string, displayName: string) {
    const u = h.ctx.users.create({
      username,
      role: 'teacher',
      passwordHash: await hashPassword(`${username}-pw-123`, 12),
    });
    h.ctx.users.setDisplayName(u.id, displayName);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: `${username}-pw-123` },
    });
    extra[username] = {
      role: 'teacher',
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json().csrf_token as string,
    };
  }
  const list = async (who: Caller, query = '') =>
    h.call(who, { method: 'GET', url: `/api/templates${query}` });
  const names = async (who: Caller, query = '') =>
    ((await list(who, query)).json().templates as TemplateCard[]).map((t) => t.vmid);
  const patch = (who: Caller, vmid: number, payload: Record<string, unknown>) =>
    h.call(who, { method: 'PATCH', url: `/api/templates/classroom/${vmid}`, payload });
  const get = (who: Caller, vmid: number) =>
    h.call(who, { method: 'GET', url: `/api/templates/classroom/${vmid}` });
  const reqOf = (username: string) =>
    ({ auth: { user: h.ctx.users.byUsername(username)! } }) as unknown as FastifyRequest;

  beforeAll(async () => {
    h = await startHarness({ seed: seed() });
    h.ctx.users.setDisplayName(h.ctx.users.byUsername('teacher')!.id, 'Ana');
    await addTeacher('ben', 'Ben');
    await addTeacher('cleo', 'Cleo');
    const w = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: WIN11,
    });
    expect(w.statusCode).toBe(200);
    win = w.json().vmid;
    const l = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'ubuntu-lab', convert_to_template: true },
    });
    expect(l.statusCode).toBe(200);
    linux = l.json().vmid;
  }, 120_000);
  afterAll(() => h.close());

  it('gives a Windows 11 template built through LabForge a private card with its facts', async () => {
    const res = await list(h.callers.teacher);
    expect(res.statusCode).toBe(200);
    const card = (res.json().templates as TemplateCard[]).find((t) => t.vmid === win)!;
    expect(card).toMatchObject({
      cluster_id: 'classroom',
      name: 'win11-class',
      os_type: 'windows11',
      os_label: 'Windows 11',
      author: { username: 'teacher', display_name: 'Ana' },
      source: 'built',
      visibility: 'private',
      shared_with: [],
      retired: false,
      missing: false,
      virtio_win: { iso_file: 'isos-nfs:iso/virtio-win-0.1.266.iso', version: '0.1.266' },
      family: { version: 1, latest_version: 1, newest: true },
      can: { use: true, edit: true, retire: true },
    });
    expect(card.hardware).toMatchObject({
      cores: 2,
      memory_mb: 4096,
      firmware: { bios: 'ovmf', efi_disk: true, secure_boot_keys: true, tpm_version: 'v2.0' },
    });
    expect(card.hardware!.firmware.machine).toMatch(/q35/);
    expect(card.hardware!.disks.map((d) => d.drive)).toEqual(
      expect.arrayContaining(['efidisk0', 'tpmstate0']),
    );
    expect(card.hardware!.disks.find((d) => d.size_gb === 64)?.storage).toBe('local-lvm');
    expect(card.base_storages).toEqual([{ storage: 'local-lvm', shared: false }]);
  });

  it('shows a private template only to its author and administrators; students get 403', async () => {
    expect(await names(h.callers.teacher)).toEqual(expect.arrayContaining([win, linux]));
    expect(await names(extra.ben!)).toEqual([]);
    expect(await names(h.callers.admin)).toEqual(expect.arrayContaining([win, linux]));
    const adminCard = (await get(h.callers.admin, win)).json().template as TemplateCard;
    expect(adminCard.can).toEqual({ use: true, edit: true, retire: true });
    const refused = await get(extra.ben!, win);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ ok: false, error: 'This template is private to Ana' });
    expect((await list(h.callers.student)).statusCode).toBe(403);
    expect((await get(h.callers.teacher, 555)).statusCode).toBe(404);
  });

  it('shares with named teachers only, and only the author or an administrator may change it', async () => {
    const unknown = await patch(h.callers.teacher, win, {
      visibility: 'named',
      shared_with: ['nobody'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toBe('no teacher is called nobody');
    const shared = await patch(h.callers.teacher, win, {
      visibility: 'named',
      shared_with: ['ben'],
    });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().template.shared_with).toEqual([{ username: 'ben', display_name: 'Ben' }]);
    expect(await names(extra.ben!)).toEqual([win]);
    expect(await names(extra.cleo!)).toEqual([]);
    const benCard = (await get(extra.ben!, win)).json().template as TemplateCard;
    expect(benCard.can).toEqual({ use: true, edit: false, retire: false });
    const cleo = await get(extra.cleo!, win);
    expect(cleo.statusCode).toBe(403);
    expect(cleo.json().error).toBe('This template is shared only with the teachers Ana chose');
    const benEdit = await patch(extra.ben!, win, { description: 'mine now' });
    expect(benEdit.statusCode).toBe(403);
    expect(benEdit.json().error).toBe(
      'Only Ana (who made this template) or an administrator can change it',
    );
    const teachers = await h.call(extra.ben!, { method: 'GET', url: '/api/templates/teachers' });
    expect(teachers.json().teachers.map((t: { username: string }) => t.username)).toEqual([
      'ben',
      'cleo',
      'teacher',
    ]);
  });

  it('shares with every teacher of the cluster; the use rule follows, and refusals are audited', async () => {
    expect(() => authoriseTemplateUse(h.ctx, reqOf('cleo'), 'classroom', win)).toThrow(
      'This template is shared only with the teachers Ana chose',
    );
    const all = await patch(h.callers.teacher, win, { visibility: 'teachers' });
    expect(all.json().template).toMatchObject({ visibility: 'teachers', shared_with: [] });
    expect(await names(extra.cleo!)).toEqual([win]);
    for (const who of ['teacher', 'ben', 'cleo', 'admin'])
      expect(() => authoriseTemplateUse(h.ctx, reqOf(who), 'classroom', win)).not.toThrow();
    let err: unknown;
    try {
      authoriseTemplateUse(h.ctx, reqOf('ben'), 'classroom', linux);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(403);
    expect((err as ApiError).message).toBe('This template is private to Ana');
    expect(() => authoriseTemplateUse(h.ctx, reqOf('student'), 'classroom', win)).toThrow(
      expect.objectContaining({ statusCode: 403 }),
    );
    // Admins may deploy a template made outside LabForge (no card): the engine then checks that
    // VM 555 is a template at all; teachers need a card that is theirs or shared with them.
    expect(() => authoriseTemplateUse(h.ctx, reqOf('admin'), 'classroom', 555)).not.toThrow();
    expect(() => authoriseTemplateUse(h.ctx, reqOf('teacher'), 'classroom', 555)).toThrow(
      expect.objectContaining({ statusCode: 404 }),
    );
    const audit = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    ).json().entries as Array<{ actor: string; action: string; target: string }>;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'ben',
          action: 'template-access-refused',
          target: `template classroom/${linux}`,
        }),
        expect.objectContaining({ actor: 'teacher', action: 'template-update' }),
      ]),
    );
  });

  it('mirrors description and tags into Proxmox, keeping the build record and the labforge tag', async () => {
    const before = await pveConfig(
      h,
      (await get(h.callers.teacher, win)).json().template.node,
      win,
    );
    const res = await patch(h.callers.teacher, win, {
      description: 'Windows 11 for the networking class.\nLog in as student.',
      tags: ['networking', 'win11-lab'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toEqual([]);
    const card = res.json().template as TemplateCard;
    const cfg = await pveConfig(h, card.node, win);
    const description = String(cfg.description);
    expect(description.startsWith(String(before.description))).toBe(true);
    expect(description).toMatch(/^Built with LabForge\n- built_by: teacher\n/);
    expect(description).toContain('Windows 11 for the networking class.\nLog in as student.');
    expect(cfg.tags).toBe('labforge;networking;win11-lab');
    // Hardware and disks untouched.
    for (const key of ['scsi0', 'efidisk0', 'tpmstate0', 'bios', 'machine', 'template'])
      expect(cfg[key]).toEqual(before[key]);
    // The card's facts still read the build record (the notes do not confuse it).
    expect(card).toMatchObject({ os_type: 'windows11', tags: ['networking', 'win11-lab'] });
    const again = await patch(h.callers.teacher, win, { tags: ['networking'] });
    expect((await pveConfig(h, card.node, win)).tags).toBe('labforge;networking');
    expect(again.json().template.tags).toEqual(['networking']);
    const bad = await patch(h.callers.teacher, win, { tags: ['Has Space'] });
    expect(bad.statusCode).toBe(400);
    expect(await names(extra.ben!, '?tag=networking')).toEqual([win]);
    expect(await names(extra.ben!, '?q=networking%20class')).toEqual([win]);
    expect(await names(h.callers.teacher, '?os=windows')).toEqual([win]);
    expect(await names(h.callers.teacher, '?os=linux')).toEqual([linux]);
  });

  it('makes a template the next version of an older one; the old one says it was replaced', async () => {
    const v2 = await patch(h.callers.teacher, linux, { version_of: win });
    expect(v2.statusCode).toBe(200);
    expect(v2.json().template.family).toMatchObject({
      version: 2,
      latest_version: 2,
      newest: true,
    });
    const old = (await get(h.callers.teacher, win)).json().template as TemplateCard;
    expect(old.family).toMatchObject({
      version: 1,
      newest: false,
      replaced_by: { vmid: linux, version: 2 },
    });
    expect(old.can.use).toBe(true);
    expect((await patch(h.callers.teacher, linux, { version_of: win })).statusCode).toBe(409);
    expect((await patch(h.callers.teacher, linux, { version_of: linux })).statusCode).toBe(400);
    const alone = await patch(h.callers.teacher, linux, { version_of: null });
    expect(alone.json().template.family).toMatchObject({ version: 1, newest: true });
  });

  it('retires and brings back (author or any admin), never deleting anything in Proxmox', async () => {
    expect(
      (await h.call(extra.ben!, { method: 'POST', url: `/api/templates/classroom/${win}/retire` }))
        .statusCode,
    ).toBe(403);
    const retired = await h.call(h.callers.teacher, {
      method: 'POST',
      url: `/api/templates/classroom/${win}/retire`,
    });
    expect(retired.json().template).toMatchObject({
      retired: true,
      retired_by: 'teacher',
      can: { use: false },
    });
    expect(await names(extra.ben!)).toEqual([]);
    expect(await names(extra.ben!, '?include_retired=1')).toEqual([win]);
    expect(() => authoriseTemplateUse(h.ctx, reqOf('admin'), 'classroom', win)).toThrow(
      expect.objectContaining({ statusCode: 409 }),
    );
    expect((await pveConfig(h, retired.json().template.node, win)).template).toBe(1);
    const back = await h.call(h.callers.admin, {
      method: 'POST',
      url: `/api/templates/classroom/${win}/unretire`,
    });
    expect(back.json().template.retired).toBe(false);
    const twice = await h.call(h.callers.admin, {
      method: 'POST',
      url: `/api/templates/classroom/${win}/unretire`,
    });
    expect(twice.statusCode).toBe(409);
    const adminRetires = await h.call(h.callers.admin, {
      method: 'POST',
      url: `/api/templates/classroom/${linux}/retire`,
    });
    expect(adminRetires.json().template.retired_by).toBe('admin');
  });

  it('gives a finalised VM a card too', async () => {
    const vm = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: { ...UBUNTU_BODY, vm_name: 'hand-made' },
    });
    expect((await names(h.callers.teacher)).includes(vm.json().vmid)).toBe(false);
    const fin = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/templates',
      payload: { vmid: vm.json().vmid },
    });
    expect(fin.statusCode).toBe(200);
    const card = (await get(h.callers.teacher, vm.json().vmid)).json().template as TemplateCard;
    expect(card).toMatchObject({ name: 'hand-made', source: 'finalised', visibility: 'private' });
  });

  it('backfills cards for recorded templates, and shows a template gone from Proxmox as missing', async () => {
    // The seed's template 9000 was not built in LabForge; an admin assigns it to Ben.
    await h.call(h.callers.admin, {
      method: 'PUT',
      url: '/api/admin/vm-owners/classroom/9000',
      payload: { username: 'ben' },
    });
    const bens = (await list(extra.ben!)).json().templates as TemplateCard[];
    expect(bens.find((t) => t.vmid === 9000)).toMatchObject({
      name: 'ubuntu-2204-template',
      source: 'recorded',
      author: { username: 'ben' },
      os_type: 'l26',
      os_label: 'Linux',
      virtio_win: null,
      hardware: { firmware: { bios: 'seabios', tpm_version: null } },
    });
    const gone = await h.call(h.callers.teacher, {
      method: 'DELETE',
      url: `/api/vms/classroom/${win}`,
    });
    expect(gone.statusCode).toBe(200);
    const res = await list(h.callers.teacher);
    expect(res.statusCode).toBe(200);
    const card = (res.json().templates as TemplateCard[]).find((t) => t.vmid === win)!;
    expect(card).toMatchObject({ missing: true, name: 'win11-class', can: { use: false } });
    expect(card.hardware?.firmware.tpm_version).toBe('v2.0');
  });
});

describe('template cards after an upgrade', () => {
  it('are filled from the jobs that made templates before the table existed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labforge-cards-'));
    try {
      const old = new Database(join(dir, 'labforge.db'));
      // The database as it was just before the cards' migration.
      const before = migrations.findIndex((m) => m.includes('CREATE TABLE template_cards'));
      expect(before).toBeGreaterThan(0);
      for (const m of migrations.slice(0, before)) old.exec(m);
      old.pragma(`user_version = ${before}`);
      old
        .prepare(
          "INSERT INTO users (id, username, password_hash, role, created_at) VALUES ('u1', 'ann', 'x', 'teacher', '2026-01-01')",
        )
        .run();
      const job = old.prepare(
        `INSERT INTO jobs (id, kind, status, cluster_id, created_by, created_at, request, steps, warnings, result)
         VALUES (?, ?, ?, 'lab', 'ann', '2026-01-02', ?, '[]', '[]', ?)`,
      );
      job.run('j1', 'build', 'succeeded', '{"convert_to_template":true}', '{"vmid":120}');
      job.run('j2', 'build', 'succeeded', '{"convert_to_template":false}', '{"vmid":121}');
      job.run(
        'j3',
        'bulk',
        'failed',
        '{"convert_to_template":true}',
        JSON.stringify({
          items: [
            { vmid: 122, ok: true },
            { vmid: 123, ok: false },
          ],
        }),
      );
      job.run('j4', 'finalise', 'succeeded', '{"vmid":130}', '{"vmid":130}');
      old.close();

      const db = openDatabase(dir);
      const cards = new TemplateCardStore(db).list('lab');
      db.close();
      expect(cards.map((c) => [c.vmid, c.author.username, c.source, c.visibility])).toEqual([
        [120, 'ann', 'built', 'private'],
        [122, 'ann', 'built', 'private'],
        [130, 'ann', 'finalised', 'private'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
