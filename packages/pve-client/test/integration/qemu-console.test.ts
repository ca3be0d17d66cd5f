import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { RfbTestClient, type RunningSimulator } from '@labforge/pve-sim';
import { checkRequest, loadOfficialApi, officialSchemaPath } from '@labforge/pve-sim/conformance';
import { PveAuthError, PveHttpError, PveNetworkError, type PveClient } from '../../src/index.js';
import { clientFor, startSim, userAuth, type SimControl } from './harness.js';

// Only the test's control-plane read skips verification; the client under test never does.
const insecure = new Agent({ connect: { rejectUnauthorized: false } });
let sim: RunningSimulator;
let control: SimControl;
let pve: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim({ https: true, taskSpeed: 2000 }));
  pve = clientFor(sim);
});
afterAll(async () => {
  await pve.close();
  await sim.close();
});
beforeEach(async () => {
  await control.reset();
});

interface ConsoleView {
  keys: { source: string; key: string; down?: boolean }[];
  connections: number;
}
function rfbOver(ws: WebSocket): RfbTestClient {
  return new RfbTestClient({
    send: (data) => ws.send(data),
    onData: (listener) => {
      ws.on('message', (data: Buffer) => listener(data));
      ws.resume();
    },
  });
}

describe('qemuPower', () => {
  it('start, reset, shutdown, stop return UPIDs of the PVE task types; refusals are typed', async () => {
    const start = await pve.qemuPower.start('pve2', 101);
    expect(start).toMatch(/:qmstart:101:/);
    expect((await pve.tasks.wait(start)).ok).toBe(true);
    expect((await pve.qemu.status('pve2', 101)).status).toBe('running');
    expect(await pve.qemuPower.reset('pve2', 101)).toMatch(/:qmreset:101:/);
    const shutdown = await pve.qemuPower.shutdown('pve2', 101, { timeout: 5, forceStop: true });
    expect(shutdown).toMatch(/:qmshutdown:101:/);
    expect((await pve.tasks.wait(shutdown)).ok).toBe(true);
    const err = await pve.qemuPower.reboot('pve2', 101).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveHttpError);
    expect((err as PveHttpError).status).toBe(500);
    expect((err as PveHttpError).reason).toBe('VM 101 not running');
    const stop = await pve.qemuPower.stop('pve1', 100, { overruleShutdown: true });
    expect(stop).toMatch(/:qmstop:100:/);
    expect((await pve.tasks.wait(stop)).ok).toBe(true);
    const tpl = await pve.qemuPower.start('pve1', 9000);
    await expect(pve.tasks.wait(tpl)).rejects.toThrow("you can't start a vm if it's a template");
  });
});

describe('qemuConsole', () => {
  for (const [label, make] of [
    ['an API token', () => pve],
    ['a ticket', () => clientFor(sim, { auth: userAuth })],
  ] as const) {
    it(`opens the VNC WebSocket with ${label}: RFB handshake, framebuffer, keys`, async () => {
      const client = make();
      try {
        const proxy = await client.qemuConsole.vncproxy('pve1', 100);
        expect(proxy.endpoint).toBe(sim.url);
        expect(proxy.password).toMatch(/^[!-`]{8}$/);
        const ws = await client.qemuConsole.openVncWebsocket('pve1', 100, proxy);
        const rfb = rfbOver(ws);
        expect((await rfb.handshake(proxy.password)).name).toBe('QEMU (web-01)');
        await rfb.update(false);
        expect(rfb.screenText()[0]).toBe('web-01 is running');
        rfb.type('hi');
        await client.qemuConsole.sendkey('pve1', 100, 'shift-1');
        await rfb.update(true);
        expect(rfb.screenText().at(-1)).toBe('web-01 login: hi!_');
        const view = (await (
          await fetch(`${sim.url}/_sim/vms/100/console`, { dispatcher: insecure })
        ).json()) as ConsoleView;
        expect(
          view.keys.filter((k) => k.down !== false).map((k) => `${k.source}:${k.key}`),
        ).toEqual(['rfb:h', 'rfb:i', 'sendkey:shift-1']);
        expect(view.connections).toBe(1);
        ws.close();
      } finally {
        if (client !== pve) await client.close();
      }
    });
  }

  it('refusals: a bad vncticket is a PveAuthError, a foreign pin never sends the request', async () => {
    const proxy = await pve.qemuConsole.vncproxy('pve1', 100);
    const bad = await pve.qemuConsole
      .openVncWebsocket('pve1', 100, { ...proxy, ticket: 'PVEVNC:00000000::x' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PveAuthError);
    expect((bad as PveAuthError).reason).toBe('permission denied - invalid PVEVNC ticket');
    await control.clearRequests();
    const pinned = clientFor(sim, { tls: { fingerprint: 'AA:'.repeat(31) + 'AA' } });
    const err = await pinned.qemuConsole
      .openVncWebsocket('pve1', 100, proxy)
      .catch((e: unknown) => e);
    await pinned.close();
    expect(err).toBeInstanceOf(PveNetworkError);
    expect(String((err as Error).message)).toMatch(/fingerprint/);
    expect(await control.requests({ path: '/nodes/pve1/qemu/100/vncwebsocket' })).toEqual([]);
    await expect(pve.qemuConsole.sendkey('pve1', 100, 'ret\nquit')).rejects.toThrow(TypeError);
  });

  it.skipIf(!officialSchemaPath())('every request conforms to the official schema', async () => {
    await control.clearRequests();
    await pve.qemuPower.start('pve2', 101, { timeout: 30 });
    await pve.qemuPower.shutdown('pve1', 100, { timeout: 1, forceStop: true });
    await pve.qemuPower.stop('pve2', 101, { overruleShutdown: true, timeout: 5 });
    await pve.qemuPower.reset('pve1', 100).catch(() => undefined);
    await pve.qemuPower.reboot('pve1', 100, { timeout: 5 }).catch(() => undefined);
    await pve.qemuConsole.sendkey('pve1', 100, 'ctrl-alt-delete').catch(() => undefined);
    const proxy = await pve.qemuConsole.vncproxy('pve1', 100);
    (await pve.qemuConsole.openVncWebsocket('pve1', 100, proxy).catch(() => undefined))?.close();
    const api = loadOfficialApi(officialSchemaPath())!;
    const journal = await control.requests();
    expect(journal.length).toBe(8);
    const failures = journal
      .map((e) => ({ path: e.path, verdict: checkRequest(api, e) }))
      .filter(({ verdict }) => !verdict.ok);
    expect(failures).toEqual([]);
  });
});
