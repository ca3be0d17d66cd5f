import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { openConsoleSocket, refusal } from './helpers/console-client.js';
import { startHarness, type Caller, type Harness } from './helpers/harness.js';
import { journal, simControl } from './helpers/sim-control.js';

const WIN11 = {
  vm_name: 'win11-console',
  os_type: 'windows11',
  iso_file: 'local:iso/Win11_24H2_English_x64.iso',
  cpu_cores: 2,
  memory_mb: 4096,
  disk_size_gb: 64,
  storage: 'local-lvm',
  network_bridge: 'vmbr0',
};

interface SimConsole {
  state: string;
  lines: string[];
  typed: string;
  keys: Array<{ source: string; key: string }>;
  connections: number;
}

describe('power, media, delete and the console through LabForge', () => {
  let h: Harness;
  let base: string;
  let other: Caller;
  let vmid: number;
  const origin = () => ({ origin: base });

  beforeAll(async () => {
    // The boot prompt lasts ~1.5 s real time (5 simulated seconds x 60 / speed 200), and the
    // keys are pressed from 50 ms after qmstart, every 100 ms.
    h = await startHarness({
      taskDurations: { bootprompt: 60 },
      config: {
        boot_keys: { first_ms: 50, interval_ms: 100, presses: 5 },
        console_ticket_ttl_ms: 1000,
      },
    });
    base = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('0.0.0.0', '127.0.0.1');
    h.ctx.users.create({
      username: 'other-teacher',
      role: 'teacher',
      passwordHash: await hashPassword('other-teacher-pw-1', 12),
    });
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'other-teacher', password: 'other-teacher-pw-1' },
    });
    other = {
      role: 'teacher',
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      csrf: login.json().csrf_token as string,
    };
    const built = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: WIN11,
    });
    expect(built.statusCode).toBe(200);
    vmid = built.json().vmid as number;
  });
  afterAll(() => h.close());

  const url = (suffix = '') => `/api/vms/classroom/${vmid}${suffix}`;
  const power = (who: Caller, action: string) =>
    h.call(who, { method: 'POST', url: url('/power'), payload: { action } });
  const screen = async () =>
    (await simControl(h.sim, 'GET', `/_sim/vms/${vmid}/console`)) as SimConsole;
  const ticket = async (who: Caller = h.callers.teacher) => {
    const res = await h.call(who, { method: 'POST', url: url('/console') });
    return {
      res,
      body: res.json() as { websocket_path: string; password: string; ticket: string },
    };
  };

  it('lists the build on My VMs: stopped, with both ISOs; teachers see only theirs, admins all', async () => {
    const mine = await h.call(h.callers.teacher, { method: 'GET', url: '/api/vms' });
    expect(mine.statusCode).toBe(200);
    const row = mine.json().vms.find((v: { vmid: number }) => v.vmid === vmid);
    expect(row).toMatchObject({
      name: 'win11-console',
      state: 'stopped',
      node: 'pve2',
      os_type: 'windows11',
      owner: 'teacher',
      source: 'built',
    });
    expect(row.media.map((m: { volume: string }) => m.volume).sort()).toEqual([
      'isos-nfs:iso/virtio-win.iso',
      'local:iso/Win11_24H2_English_x64.iso',
    ]);
    expect((await h.call(other, { method: 'GET', url: '/api/vms' })).json().vms).toEqual([]);
    const all = (await h.call(h.callers.admin, { method: 'GET', url: '/api/vms' })).json().vms;
    expect(all.map((v: { vmid: number }) => v.vmid)).toContain(vmid);
    expect((await h.call(h.callers.student, { method: 'GET', url: '/api/vms' })).statusCode).toBe(
      403,
    );
  });

  it('refuses power actions in plain words and to people who do not own the VM', async () => {
    const notRunning = await power(h.callers.teacher, 'shutdown');
    expect(notRunning.statusCode).toBe(409);
    expect(notRunning.json().error).toBe(`win11-console (VM ${vmid}) is not running`);
    expect((await power(other, 'start')).statusCode).toBe(403);
    expect((await power(h.callers.student, 'start')).statusCode).toBe(403);
    expect((await power(h.callers.anonymous, 'start')).statusCode).toBe(401);
    const consoleWhileOff = await ticket();
    expect(consoleWhileOff.res.statusCode).toBe(409);
    expect(consoleWhileOff.res.json().error).toMatch(/is not running: start it/);
    expect((await power(h.callers.teacher, 'reboot')).statusCode).toBe(400);
  });

  it('"start and boot from the ISO" presses a key at the boot prompt, so the installer starts', async () => {
    const res = await power(h.callers.teacher, 'start-from-iso');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'running', keys_sent: 5 });
    expect(res.json().upid).toMatch(/:qmstart:/);
    const s = await screen();
    expect(s.state).toBe('installer');
    expect(s.keys.some((k) => k.source === 'sendkey' && k.key === 'ret')).toBe(true);
    const again = await power(h.callers.teacher, 'start');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(`win11-console (VM ${vmid}) is already running`);
  });

  it('opens the console: RFB handshake, a framebuffer update showing the installer, keys reaching the VM', async () => {
    const { res, body } = await ticket();
    expect(res.statusCode).toBe(200);
    // No Proxmox ticket in the answer: only LabForge's own ticket and the VNC password.
    expect(res.body).not.toMatch(/PVEVNC|PVEAuthCookie|PVEAPIToken/);
    const c = await openConsoleSocket(base, body.websocket_path, {
      cookie: h.callers.teacher.cookie!,
      ...origin(),
    });
    const init = await c.rfb.handshake(body.password);
    expect(init).toMatchObject({ width: 800, height: 600 });
    await c.rfb.update();
    expect(c.rfb.screenText().join('\n')).toMatch(/Windows Setup/);
    c.rfb.type('PRODUCT-KEY\n');
    await expect
      .poll(async () => (await screen()).keys.filter((k) => k.source === 'rfb').length)
      .toBeGreaterThan(0);
    await expect.poll(async () => (await screen()).lines.join('\n')).toMatch(/PRODUCT-KEY/);
    const update = await c.rfb.update(true);
    expect(update.length).toBeGreaterThan(0);
    expect(c.rfb.screenText().join('\n')).toMatch(/PRODUCT-KEY/);
    c.ws.close();
    await c.closed;
    await expect.poll(async () => (await screen()).connections).toBe(0);
  });

  it('refuses students, other teachers, anonymous callers, foreign origins, expired and replayed tickets before Proxmox', async () => {
    const before = (await journal(h.sim)).filter((e) => e.path.endsWith('/vncwebsocket')).length;
    // Students and other teachers cannot even get a ticket.
    expect((await ticket(h.callers.student)).res.statusCode).toBe(403);
    expect((await ticket(other)).res.statusCode).toBe(403);
    const teacherHeaders = { cookie: h.callers.teacher.cookie!, ...origin() };

    const t1 = await ticket();
    expect((await refusal(openConsoleSocket(base, t1.body.websocket_path, origin()))).status).toBe(
      401,
    );
    const foreign = await refusal(
      openConsoleSocket(base, t1.body.websocket_path, {
        ...teacherHeaders,
        origin: 'https://evil.example',
      }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/only be opened from LabForge/);
    expect(
      (
        await refusal(
          openConsoleSocket(base, t1.body.websocket_path, { cookie: other.cookie!, ...origin() }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refusal(
          openConsoleSocket(base, t1.body.websocket_path, {
            cookie: h.callers.student.cookie!,
            ...origin(),
          }),
        )
      ).status,
    ).toBe(403);
    // The ticket was not consumed by callers refused before the ticket check: its owner may
    // still use it once, and then never again.
    const ok = await openConsoleSocket(base, t1.body.websocket_path, teacherHeaders);
    ok.ws.close();
    await ok.closed;
    const replay = await refusal(openConsoleSocket(base, t1.body.websocket_path, teacherHeaders));
    expect(replay.status).toBe(403);
    expect(replay.body).toMatch(/works once/);

    const t2 = await ticket();
    await new Promise((r) => setTimeout(r, 1200));
    const expired = await refusal(openConsoleSocket(base, t2.body.websocket_path, teacherHeaders));
    expect(expired.status).toBe(403);
    expect(expired.body).toMatch(/expired/);
    const after = (await journal(h.sim)).filter((e) => e.path.endsWith('/vncwebsocket')).length;
    expect(after - before).toBe(1);

    const audit = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    ).json().entries as Array<{ action: string; detail?: string }>;
    expect(audit.filter((e) => e.action === 'vm-console-refused').map((e) => e.detail)).toEqual(
      expect.arrayContaining(['foreign origin', 'ticket unknown', 'ticket expired']),
    );
  });

  it('ends the console when its session is signed out', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'teacher', password: 'teacher-password-1' },
    });
    const second: Caller = {
      role: 'teacher',
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      csrf: login.json().csrf_token as string,
    };
    const { body } = await ticket(second);
    const c = await openConsoleSocket(base, body.websocket_path, {
      cookie: second.cookie!,
      ...origin(),
    });
    await c.rfb.handshake(body.password);
    expect((await h.call(second, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(
      200,
    );
    const closed = await c.closed;
    expect(closed).toMatchObject({ code: 1008, reason: 'your session has ended' });
  });

  it('closes the browser side when the VM stops (Proxmox ends the console)', async () => {
    const { body } = await ticket();
    const c = await openConsoleSocket(base, body.websocket_path, {
      cookie: h.callers.teacher.cookie!,
      ...origin(),
    });
    await c.rfb.handshake(body.password);
    const stop = await power(h.callers.teacher, 'stop');
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ state: 'stopped' });
    await c.closed;
    expect(h.ctx.consoles.openCount).toBe(0);
  });

  it('ejects the media (disk first), deletes with confirmation of state, and audits every action', async () => {
    const ej = await h.call(h.callers.teacher, { method: 'POST', url: url('/eject') });
    expect(ej.statusCode).toBe(200);
    expect(ej.json().ejected.sort()).toEqual([
      'isos-nfs:iso/virtio-win.iso',
      'local:iso/Win11_24H2_English_x64.iso',
    ]);
    const cfg = h.sim.sim.state.vms.get(vmid)!.config;
    expect(String(cfg.ide2)).toBe('none,media=cdrom');
    expect(String(cfg.boot)).toMatch(/^order=scsi0;/);
    const noIso = await power(h.callers.teacher, 'start-from-iso');
    expect(noIso.statusCode).toBe(409);
    expect(noIso.json().error).toMatch(/no ISO attached/);
    expect((await power(h.callers.teacher, 'start')).statusCode).toBe(200);
    const running = await h.call(h.callers.teacher, { method: 'DELETE', url: url() });
    expect(running.statusCode).toBe(409);
    expect(running.json().error).toMatch(/is running: stop it before deleting it/);
    expect((await h.call(other, { method: 'DELETE', url: url() })).statusCode).toBe(403);
    expect((await power(h.callers.teacher, 'stop')).statusCode).toBe(200);
    const del = await h.call(h.callers.teacher, { method: 'DELETE', url: url() });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ state: 'missing' });
    expect(h.sim.sim.state.vms.get(vmid)).toBeUndefined();
    expect(h.ctx.vmOwners.get('classroom', vmid)).toBeUndefined();
    const actions = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    )
      .json()
      .entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'vm-start-from-iso',
        'vm-stop',
        'vm-eject-media',
        'vm-delete',
        'vm-console',
        'vm-console-closed',
      ]),
    );
  });
});

describe('a console open while LabForge shuts down', () => {
  it('closes both sides', async () => {
    const h = await startHarness({ taskDurations: { bootprompt: 60 } });
    try {
      const base = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace(
        '0.0.0.0',
        '127.0.0.1',
      );
      const built = (
        await h.call(h.callers.teacher, {
          method: 'POST',
          url: '/api/vm-builder/build',
          payload: { ...WIN11, vm_name: 'win11-shutdown' },
        })
      ).json() as { vmid: number };
      const path = `/api/vms/classroom/${built.vmid}`;
      expect(
        (
          await h.call(h.callers.teacher, {
            method: 'POST',
            url: `${path}/power`,
            payload: { action: 'start' },
          })
        ).statusCode,
      ).toBe(200);
      const t = (
        await h.call(h.callers.teacher, { method: 'POST', url: `${path}/console` })
      ).json();
      const c = await openConsoleSocket(base, t.websocket_path, {
        cookie: h.callers.teacher.cookie!,
        origin: base,
      });
      await c.rfb.handshake(t.password);
      await h.app.close();
      const closed = await c.closed;
      expect(closed.code).toBe(1001);
      await expect
        .poll(
          async () =>
            ((await simControl(h.sim, 'GET', `/_sim/vms/${built.vmid}/console`)) as SimConsole)
              .connections,
        )
        .toBe(0);
    } finally {
      await h.sim.close();
    }
  });
});
