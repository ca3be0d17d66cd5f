import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, vncAuthResponse } from '../../src/index.js';
import { builder, call, login, start, waitTask } from '../helpers.js';
import {
  authHeaders,
  closed,
  consoleOf,
  openConsole,
  openWs,
  permissionSeed,
  rfbOver,
  vncproxy,
  wsUrl,
} from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ vncTimeoutMs: 3000 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

describe('vncproxy', () => {
  it('answers port, ticket (password-prefixed), password, cert, user and a vncproxy task', async () => {
    const p = await vncproxy(sim, builder, 'pve1', 100);
    expect(Object.keys(p).sort()).toEqual(['cert', 'password', 'port', 'ticket', 'upid', 'user']);
    expect(p.user).toBe('labforge@pve!builder');
    expect(p.port).toBe(5900);
    expect(p.password).toMatch(/^[!-`]{8}$/);
    expect(p.ticket.startsWith(`${p.password}:PVEVNC:`)).toBe(true);
    expect(p.upid).toMatch(/:vncproxy:100:labforge@pve!builder:$/);
    expect((await vncproxy(sim, builder, 'pve1', 100)).port).toBe(5901);
    const missing = await call(sim, 'POST', '/nodes/pve2/qemu/100/vncproxy', { auth: builder });
    expect(missing.reason).toBe(
      "Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist",
    );
  });

  it('the task fails with "connection timed out" when nobody connects', async () => {
    const quick = await start({ vncTimeoutMs: 50 });
    try {
      const p = await vncproxy(quick, builder, 'pve1', 100);
      expect(await waitTask(quick, builder, p.upid)).toMatchObject({
        exitstatus: 'connection timed out',
      });
      const late = openWs(wsUrl(quick, 'pve1', 100, p.port, p.ticket), authHeaders(builder));
      await expect(late).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      await quick.close();
    }
  });
});

describe('vncwebsocket', () => {
  it('without an upgrade answers the port like PVE', async () => {
    const p = await vncproxy(sim, builder, 'pve1', 100);
    const res = await call(sim, 'GET', '/nodes/pve1/qemu/100/vncwebsocket', {
      auth: builder,
      query: { port: p.port, vncticket: p.ticket },
    });
    expect(res.body).toEqual({ data: { port: '5900' } });
    // The ticket without its password prefix is accepted too (verify_vnc_ticket strips it).
    const bare = await call(sim, 'GET', '/nodes/pve1/qemu/100/vncwebsocket', {
      auth: builder,
      query: { port: p.port, vncticket: p.ticket.slice(9) },
    });
    expect(bare.status).toBe(200);
  });

  it('refuses tickets of another port, VM, identity, or older than 40 s', async () => {
    const p = await vncproxy(sim, builder, 'pve1', 100);
    const root = await login(sim);
    const tries = [
      { auth: builder, vmid: 100, port: p.port + 1 },
      { auth: builder, vmid: 101, port: p.port, node: 'pve2' },
      { auth: root, vmid: 100, port: p.port },
    ];
    for (const t of tries) {
      const res = await call(sim, 'GET', `/nodes/${t.node ?? 'pve1'}/qemu/${t.vmid}/vncwebsocket`, {
        auth: t.auth,
        query: { port: t.port, vncticket: p.ticket },
      });
      expect(res.status).toBe(401);
      expect(res.reason).toBe('permission denied - invalid PVEVNC ticket');
    }
    await call(sim, 'POST', '/_sim/clock', { json: { advance: 41 } });
    const old = await call(sim, 'GET', '/nodes/pve1/qemu/100/vncwebsocket', {
      auth: builder,
      query: { port: p.port, vncticket: p.ticket },
    });
    expect(old.status).toBe(401);
    const refused = openWs(wsUrl(sim, 'pve1', 100, p.port, 'garbage'), authHeaders(builder));
    await expect(refused).rejects.toThrow('HTTP 401 permission denied - invalid PVEVNC ticket');
  });

  it('needs VM.Console on /vms/{vmid} for vncproxy, vncwebsocket and sendkey', async () => {
    await call(sim, 'POST', '/_sim/seed', { json: { seed: permissionSeed } });
    try {
      const auditor = await login(sim, 'auditor@pve', 'pw');
      const viewer = await login(sim, 'viewer@pve', 'pw');
      const checks = [
        call(sim, 'POST', '/nodes/pve1/qemu/100/vncproxy', { auth: auditor }),
        call(sim, 'GET', '/nodes/pve1/qemu/100/vncwebsocket', {
          auth: auditor,
          query: { port: 5900, vncticket: 'x' },
        }),
        call(sim, 'PUT', '/nodes/pve1/qemu/100/sendkey', { auth: auditor, form: { key: 'ret' } }),
      ];
      for (const res of await Promise.all(checks)) {
        expect(res.status).toBe(403);
        expect(res.reason).toBe('Permission check failed (/vms/100, VM.Console)');
      }
      // A ticket session (cookie + CSRF) with VM.Console only: the whole console works.
      const c = await openConsole(sim, viewer, 'pve1', 100);
      expect(c.init.name).toBe('QEMU (web-01)');
      c.ws.close();
    } finally {
      await call(sim, 'POST', '/_sim/seed', { json: { seed: 'classroom' } });
    }
  });
});

describe('RFB over the WebSocket', () => {
  it('handshake, framebuffer update with readable text, keys, pointer and clipboard', async () => {
    const { ws, rfb, init, proxy } = await openConsole(sim, builder, 'pve1', 100);
    expect(init).toEqual({ width: 800, height: 600, name: 'QEMU (web-01)' });
    const rects = await rfb.update(false);
    expect(rects).toEqual([{ x: 0, y: 0, w: 800, h: 600 }]);
    expect(rfb.screenText()).toEqual(['web-01 is running', '', 'web-01 login: _']);
    rfb.type('root\n');
    rfb.pointer(10, 20, 1);
    rfb.cutText('Secret!');
    const incremental = await rfb.update(true);
    expect(incremental.length).toBe(1);
    expect(incremental[0]?.w).toBe(800);
    expect(incremental[0]?.h).toBeLessThan(600);
    expect(rfb.screenText()).toEqual([
      'web-01 is running',
      '',
      'web-01 login: root',
      'web-01 login: _',
    ]);
    const view = await consoleOf(sim, 100);
    expect(view.keys.filter((k) => k.down).map((k) => k.key)).toEqual(['r', 'o', 'o', 't', 'ret']);
    expect(view.keys[0]).toMatchObject({ source: 'rfb', keysym: 0x72, down: true });
    expect(view.pointer).toEqual([expect.objectContaining({ x: 10, y: 20, buttons: 1 })]);
    expect(view.clipboard).toEqual(['Secret!']);
    expect(view.connections).toBe(1);
    ws.close();
    expect((await waitTask(sim, builder, proxy.upid)).exitstatus).toBe('OK');
    expect((await consoleOf(sim, 100)).connections).toBe(0);
  });

  it('a wrong password fails VNC authentication', async () => {
    const p = await vncproxy(sim, builder, 'pve1', 100);
    const ws = await openWs(wsUrl(sim, 'pve1', 100, p.port, p.ticket), authHeaders(builder));
    await expect(rfbOver(ws).handshake('wrongpw!')).rejects.toThrow('Authentication failed');
    await closed(ws);
  });

  it('the password expires 30 s after the connection (expire_password +30)', async () => {
    const p = await vncproxy(sim, builder, 'pve1', 100);
    const ws = await openWs(wsUrl(sim, 'pve1', 100, p.port, p.ticket), authHeaders(builder));
    const rfb = rfbOver(ws);
    await new Promise((r) => setTimeout(r, 20));
    await call(sim, 'POST', '/_sim/clock', { json: { advance: 31 } });
    await expect(rfb.handshake(p.password)).rejects.toThrow('Authentication failed');
  });

  it('the DES response matches a known DES vector (bit-reversed key bytes)', () => {
    // DES(key 0123456789ABCDEF, 4E6F772069732074) = 3FA40E8A984D4815; VNC mirrors key bits.
    const mirrored = String.fromCharCode(0x80, 0xc4, 0xa2, 0xe6, 0x91, 0xd5, 0xb3, 0xf7);
    const block = Buffer.from('4E6F7720697320744E6F772069732074', 'hex');
    expect(vncAuthResponse(block, mirrored).toString('hex')).toBe(
      '3fa40e8a984d48153fa40e8a984d4815',
    );
  });

  it('a stopped VM: the upgrade succeeds, then qm vncproxy fails and the socket closes', async () => {
    const p = await vncproxy(sim, builder, 'pve2', 101);
    const ws = await openWs(wsUrl(sim, 'pve2', 101, p.port, p.ticket), authHeaders(builder));
    await closed(ws);
    expect((await waitTask(sim, builder, p.upid)).exitstatus).toBe('Failed to run vncproxy.');
  });

  it('stopping the VM closes open consoles; a port takes one connection only', async () => {
    const { ws, proxy } = await openConsole(sim, builder, 'pve1', 100);
    const second = openWs(wsUrl(sim, 'pve1', 100, proxy.port, proxy.ticket), authHeaders(builder));
    await expect(second).rejects.toThrow();
    const gone = closed(ws);
    const stop = await call(sim, 'POST', '/nodes/pve1/qemu/100/status/stop', { auth: builder });
    expect((await waitTask(sim, builder, stop.body.data)).exitstatus).toBe('OK');
    expect(await gone).toBe(1006);
    expect((await waitTask(sim, builder, proxy.upid)).exitstatus).toBe('OK');
    expect((await consoleOf(sim, 100)).connections).toBe(0);
  });

  it('works with a ticket cookie as well as an API token', async () => {
    const root = await login(sim);
    const c = await openConsole(sim, root, 'pve1', 100);
    expect(c.proxy.user).toBe('root@pam');
    await c.rfb.update(false);
    expect(c.rfb.screenText()[0]).toBe('web-01 is running');
    c.ws.close();
  });
});
