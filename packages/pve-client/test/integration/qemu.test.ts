import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveTaskError, parseUpid, type PveClient } from '../../src/index.js';
import { clientFor, startSim, userAuth, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim());
  // Ticket auth: every write below also proves the CSRF header is sent.
  client = clientFor(sim, { auth: userAuth });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await control.reset();
  await control.clearRequests();
});

describe('qemu lifecycle through typed resources', () => {
  it('creates, reads back, updates, converts to a template and destroys a VM', async () => {
    const vmid = await client.cluster.nextId();
    const upid = await client.qemu.create('pve3', {
      vmid,
      name: 'client-test',
      ide2: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso,media=cdrom',
      scsi0: 'local-lvm:8,iothread=1',
      net0: 'virtio,bridge=vmbr0',
      ostype: 'l26',
      tablet: false,
      onboot: true,
    });
    expect(parseUpid(upid)).toMatchObject({
      node: 'pve3',
      type: 'qmcreate',
      id: String(vmid),
      user: 'labforge@pve',
    });
    await expect(client.tasks.wait(upid)).resolves.toMatchObject({ ok: true });
    const [post] = await control.requests({ method: 'POST', path: '/nodes/pve3/qemu' });
    expect(post).toMatchObject({
      encoding: 'form',
      params: { tablet: '0', onboot: '1' },
      status: 200,
    });

    const cfg = await client.qemu.config('pve3', vmid);
    expect(cfg).toMatchObject({
      name: 'client-test',
      tablet: 0,
      onboot: 1,
      scsi0: `local-lvm:vm-${vmid}-disk-0,iothread=1,size=8G`,
    });

    await expect(
      client.qemu.updateConfig('pve3', vmid, { description: 'built by LabForge' }),
    ).resolves.toBeNull();
    const viaPost = await client.qemu.updateConfig(
      'pve3',
      vmid,
      { tags: 'labforge' },
      { async: true },
    );
    if (viaPost !== null) await client.tasks.wait(viaPost);
    expect(await client.qemu.config('pve3', vmid)).toMatchObject({
      description: 'built by LabForge',
      tags: 'labforge',
    });

    const tpl = await client.qemu.template('pve3', vmid);
    await expect(client.tasks.wait(tpl)).resolves.toMatchObject({ type: 'qmtemplate', ok: true });
    expect((await client.qemu.config('pve3', vmid)).template).toBe(1);

    const del = await client.qemu.destroy('pve3', vmid, {
      purge: true,
      'destroy-unreferenced-disks': true,
    });
    await expect(client.tasks.wait(del)).resolves.toMatchObject({ type: 'qmdestroy' });
    const [delReq] = await control.requests({ method: 'DELETE' });
    expect(delReq).toMatchObject({
      encoding: 'query',
      params: { purge: '1', 'destroy-unreferenced-disks': '1' },
    });
    expect((await client.qemu.list('pve3')).map((v) => v.vmid)).not.toContain(vmid);
  });

  it('starts and stops a VM', async () => {
    await client.tasks.wait(await client.qemu.start('pve2', 101));
    await expect(client.qemu.status('pve2', 101)).resolves.toMatchObject({ status: 'running' });
    await client.tasks.wait(await client.qemu.stop('pve2', 101));
    await expect(client.qemu.status('pve2', 101)).resolves.toMatchObject({ status: 'stopped' });
  });

  it("surfaces a failed qmcreate with PVE's text", async () => {
    const upid = await client.qemu.create('pve1', {
      vmid: 4242,
      ide2: 'local:iso/missing.iso,media=cdrom',
      scsi0: 'local-lvm:4',
    });
    const err = await client.tasks.wait(upid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTaskError);
    expect((err as PveTaskError).exitstatus).toBe(
      "unable to create VM 4242 - volume 'local:iso/missing.iso' does not exist",
    );
  });
});
