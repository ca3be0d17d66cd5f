import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, login, start, taskLog, waitTask } from './helpers.js';

let sim: RunningSimulator;
let root: { ticket: string; csrf: string };
const ISO = 'local:iso/ubuntu-22.04-live-server-amd64.iso';
const path = (volume: string, storage = 'local', node = 'pve1') =>
  `/nodes/${node}/storage/${storage}/content/${encodeURIComponent(volume)}`;

beforeAll(async () => {
  sim = await start();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
  root = await login(sim);
});

const volids = async (): Promise<string[]> =>
  (await call(sim, 'GET', '/nodes/pve1/storage/local/content', { auth: root })).body.data.map(
    (v: { volid: string }) => v.volid,
  );

describe('DELETE /nodes/{node}/storage/{storage}/content/{volume}', () => {
  it('removes an ISO in an imgdel task even while a VM config references it (PVE does not check)', async () => {
    const attach = await call(sim, 'PUT', '/nodes/pve1/qemu/100/config', {
      auth: root,
      form: { ide2: `${ISO},media=cdrom` },
    });
    expect(attach.status).toBe(200);
    const res = await call(sim, 'DELETE', path(ISO), { auth: root });
    expect(res.body.data).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:imgdel:local:root@pam:$/,
    );
    expect((await waitTask(sim, root, res.body.data)).exitstatus).toBe('OK');
    expect(await taskLog(sim, root, res.body.data)).toEqual([`Removed volume '${ISO}'`, 'TASK OK']);
    expect(await volids()).not.toContain(ISO);
    const cfg = await call(sim, 'GET', '/nodes/pve1/qemu/100/config', { auth: root });
    expect(cfg.body.data.ide2).toMatch(`${ISO},media=cdrom`);
  });

  it('accepts the name without the storage prefix and refuses a mismatching one', async () => {
    const res = await call(sim, 'DELETE', path('iso/ubuntu-22.04-live-server-amd64.iso'), {
      auth: root,
    });
    expect((await waitTask(sim, root, res.body.data)).exitstatus).toBe('OK');
    const mismatch = await call(sim, 'DELETE', path('isos-nfs:iso/virtio-win.iso'), { auth: root });
    expect([mismatch.status, mismatch.body.errors]).toEqual([
      400,
      { volume: 'storage ID mismatch (isos-nfs != local)\n' },
    ]);
  });

  it('only warns in the log when the file is already gone', async () => {
    const res = await call(sim, 'DELETE', path('local:iso/gone.iso'), { auth: root });
    expect((await waitTask(sim, root, res.body.data)).exitstatus).toBe('OK');
    expect(await taskLog(sim, root, res.body.data)).toEqual([
      "disk image '/var/lib/vz/template/iso/gone.iso' does not exist",
      "Removed volume 'local:iso/gone.iso'",
      'TASK OK',
    ]);
  });

  it('returns null with `delay` when the task ends in time', async () => {
    const res = await call(sim, 'DELETE', path(ISO), { auth: root, query: { delay: 5 } });
    expect([res.status, res.body.data]).toEqual([200, null]);
    expect(await volids()).not.toContain(ISO);
  });

  it('needs Datastore.Allocate on the storage and a parsable volume name', async () => {
    const denied = await call(sim, 'DELETE', path(ISO), { auth: builder });
    expect([denied.status, denied.reason]).toEqual([
      403,
      'Permission check failed (/storage/local, Datastore.Allocate)',
    ]);
    const bad = await call(sim, 'DELETE', path('local:whatever'), { auth: root });
    expect([bad.status, bad.body.message]).toEqual([
      500,
      "unable to parse directory volume name 'whatever'\n",
    ]);
    const none = await call(sim, 'DELETE', path('nope:iso/x.iso', 'nope'), { auth: root });
    expect([none.status, none.body.message]).toEqual([500, "storage 'nope' does not exist\n"]);
  });
});
