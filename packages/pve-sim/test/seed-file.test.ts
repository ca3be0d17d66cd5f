import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, start, waitTask } from './helpers.js';

const seedPath = fileURLToPath(new URL('../examples/small-seed.json', import.meta.url));
const app = { token: 'teacher@pve!app', secret: '11111111-2222-3333-4444-555555555555' };
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ seed: seedPath });
});
afterAll(() => sim.close());

describe('seed file (examples/small-seed.json, documented in README)', () => {
  it('loads nodes, storages, files and VMs', async () => {
    const nodes = (await call(sim, 'GET', '/nodes', { auth: app })).body.data;
    expect(nodes.map((n: { node: string; status: string }) => `${n.node}:${n.status}`)).toEqual([
      'node1:online',
      'node2:offline',
    ]);
    const isos = (await call(sim, 'GET', '/nodes/node1/storage/isos/content', { auth: app })).body
      .data;
    expect(isos[0]).toMatchObject({ volid: 'isos:iso/debian-13.iso', size: 754974720 });
    expect(
      (await call(sim, 'GET', '/nodes/node1/qemu/100/config', { auth: app })).body.data.scsi0,
    ).toBe('tank:vm-100-disk-0,size=8G');
    expect((await call(sim, 'GET', '/version', { auth: builder })).status).toBe(401);
  });

  it('names disks per storage type: dir files under <vmid>/ with a format suffix, zvols plain', async () => {
    const res = await call(sim, 'POST', '/nodes/node1/qemu', {
      auth: app,
      form: {
        vmid: 101,
        scsi0: 'local:10,format=qcow2',
        scsi1: 'tank:4',
        ide2: 'local:iso/alpine-3.20.iso,media=cdrom',
      },
    });
    expect((await waitTask(sim, app, res.body.data)).exitstatus).toBe('OK');
    const cfg = (await call(sim, 'GET', '/nodes/node1/qemu/101/config', { auth: app })).body.data;
    expect(cfg.scsi0).toBe('local:101/vm-101-disk-0.qcow2,size=10G');
    expect(cfg.scsi1).toBe('tank:vm-101-disk-0,size=4G');
    expect(cfg.ide2).toBe('local:iso/alpine-3.20.iso,media=cdrom,size=208M');
    const tpl = await call(sim, 'POST', '/nodes/node1/qemu/101/template', { auth: app });
    expect((await waitTask(sim, app, tpl.body.data)).exitstatus).toBe('OK');
    const after = (await call(sim, 'GET', '/nodes/node1/qemu/101/config', { auth: app })).body.data;
    expect(after.scsi0).toBe('local:101/base-101-disk-0.qcow2,size=10G');
    expect(after.scsi1).toBe('tank:base-101-disk-0,size=4G');
  });

  it('fails a thick allocation that does not fit', async () => {
    const big = await call(sim, 'POST', '/nodes/node1/qemu', {
      auth: app,
      form: { vmid: 102, scsi0: 'tank:600' },
    });
    expect((await waitTask(sim, app, big.body.data)).exitstatus).toBe(
      "unable to create VM 102 - zfs error: cannot create 'tank/vmdata/vm-102-disk-0': out of space",
    );
  });
});
