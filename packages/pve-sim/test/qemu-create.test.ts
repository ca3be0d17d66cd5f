import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classroomSeed, type RunningSimulator } from '../src/index.js';
import { builder, call, start, taskLog, waitTask } from './helpers.js';
import { linuxWizardVm as linux } from './wizard-bodies.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const create = (body: Record<string, string | number>, node = 'pve1', auth = builder) =>
  call(sim, 'POST', `/nodes/${node}/qemu`, { auth, form: body });

describe('POST /nodes/{node}/qemu', () => {
  it('creates a Linux VM like the GUI wizard', async () => {
    const res = await create(linux);
    expect(res.status).toBe(200);
    const upid = res.body.data as string;
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmcreate:200:labforge@pve!builder:$/,
    );
    const status = await waitTask(sim, builder, upid);
    expect(status).toMatchObject({
      status: 'stopped',
      exitstatus: 'OK',
      user: 'labforge@pve',
      tokenid: 'builder',
      type: 'qmcreate',
      id: '200',
    });
    const cfg = (await call(sim, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder })).body
      .data;
    expect(cfg.lock).toBeUndefined();
    expect(cfg.scsi0).toBe('local-lvm:vm-200-disk-0,iothread=1,size=32G');
    expect(cfg.ide2).toBe('local:iso/ubuntu-22.04-live-server-amd64.iso,media=cdrom,size=2083390K');
    expect(cfg.boot).toBe('order=scsi0;ide2;net0');
    expect(cfg.net0).toMatch(
      /^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0,firewall=1$/,
    );
    expect(cfg).toMatchObject({
      cores: 2,
      sockets: 1,
      numa: 0,
      memory: '2048',
      name: 'lab-ubuntu',
      ostype: 'l26',
    });
    expect(cfg.meta).toMatch(/^creation-qemu=\d+\.\d+\.\d+,ctime=\d+$/);
    expect(cfg.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(cfg.vmgenid).toMatch(/^[0-9a-f-]{36}$/);
    const log = await taskLog(sim, builder, upid);
    expect(log).toContain('  Logical volume "vm-200-disk-0" created.');
    expect(log).toContain(
      "scsi0: successfully created disk 'local-lvm:vm-200-disk-0,iothread=1,size=32G'",
    );
    expect(log.at(-1)).toBe('TASK OK');
    const content = (
      await call(sim, 'GET', '/nodes/pve1/storage/local-lvm/content', { auth: builder })
    ).body.data;
    expect(content.map((v: { volid: string }) => v.volid)).toContain('local-lvm:vm-200-disk-0');
  });

  it('creates a Windows 11 VM: EFI disk, TPM, pinned q35 machine, sorted-key volume numbering', async () => {
    const res = await create(
      {
        vmid: 201,
        name: 'win11',
        ostype: 'win11',
        machine: 'q35',
        bios: 'ovmf',
        efidisk0: 'local-lvm:1,efitype=4m,pre-enrolled-keys=1',
        tpmstate0: 'local-lvm:1,version=v2.0',
        ide0: 'local-lvm:64',
        ide2: 'local:iso/Win11_24H2_English_x64.iso,media=cdrom',
        memory: 4096,
        net0: 'e1000,bridge=vmbr0,firewall=1',
      },
      'pve2',
    );
    const upid = res.body.data as string;
    expect((await waitTask(sim, builder, upid)).exitstatus).toBe('OK');
    const cfg = (await call(sim, 'GET', '/nodes/pve2/qemu/201/config', { auth: builder })).body
      .data;
    expect(cfg.efidisk0).toBe(
      'local-lvm:vm-201-disk-0,efitype=4m,ms-cert=2023k,pre-enrolled-keys=1,size=4M',
    );
    expect(cfg.ide0).toBe('local-lvm:vm-201-disk-1,size=64G');
    expect(cfg.tpmstate0).toBe('local-lvm:vm-201-disk-2,size=4M,version=v2.0');
    expect(cfg.machine).toBe('pc-q35-10.1');
    expect(cfg.boot).toBe('order=ide0;ide2;net0');
    const log = await taskLog(sim, builder, upid);
    expect(log).toContain("pinning machine type to 'pc-q35-10.1' for Windows guest OS");
  });

  it('fails in the worker when the ISO is not on that node, removing config and volumes', async () => {
    const res = await create({
      ...linux,
      ide2: 'local:iso/debian-12.0.0-amd64-netinst.iso,media=cdrom',
    });
    const status = await waitTask(sim, builder, res.body.data);
    expect(status.exitstatus).toBe(
      "unable to create VM 200 - volume 'local:iso/debian-12.0.0-amd64-netinst.iso' does not exist",
    );
    const log = await taskLog(sim, builder, res.body.data);
    expect(log.at(-1)).toBe(
      "TASK ERROR: unable to create VM 200 - volume 'local:iso/debian-12.0.0-amd64-netinst.iso' does not exist",
    );
    const cfg = await call(sim, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder });
    expect(cfg.status).toBe(500);
    const content = (
      await call(sim, 'GET', '/nodes/pve1/storage/local-lvm/content', { auth: builder })
    ).body.data;
    expect(content.map((v: { volid: string }) => v.volid)).not.toContain('local-lvm:vm-200-disk-0');
  });

  it('refuses synchronously: ISO without media=cdrom, storage without images, existing VM', async () => {
    const iso = await create({ ...linux, ide2: 'local:iso/ubuntu-22.04-live-server-amd64.iso' });
    expect(iso.status).toBe(400);
    expect(iso.body.errors).toEqual({ ide2: "explicit 'media=cdrom' is required for iso images" });
    const noImages = await create({ ...linux, scsi0: 'local:32' });
    expect(noImages.status).toBe(400);
    expect(noImages.body.errors).toEqual({ storage: "storage 'local' does not support vm images" });
    const exists = await create({ ...linux, vmid: 101 });
    expect(exists.status).toBe(500);
    expect(exists.reason).toBe("unable to create VM 101 - VM 101 already exists on node 'pve2'");
    const unknownStorage = await create({ ...linux, scsi0: 'ghost:32' });
    expect(unknownStorage.status).toBe(500);
    expect(unknownStorage.body.message).toBe("storage 'ghost' does not exist\n");
  });

  it('validates parameters with PVE texts', async () => {
    const bad = await create({ ...linux, vmid: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.vmid).toBe('invalid format - value does not look like a valid VM ID\n');
    const unknown = await create({ ...linux, foo: 1 });
    expect(unknown.body.errors.foo).toBe(
      'property is not defined in schema and the schema does not allow additional properties',
    );
  });

  it('checks VM.Allocate, option and bridge privileges in PVE order', async () => {
    const seed = structuredClone(classroomSeed);
    seed.users?.push({ userid: 'student@pve' });
    seed.acl?.push({ path: '/vms', role: 'PVEVMUser', ugid: 'student@pve' });
    seed.tokens?.push({ tokenid: 'student@pve!lab', secret: 's3cret', privsep: false });
    const other = await start({ seed });
    try {
      const auth = { token: 'student@pve!lab', secret: 's3cret' };
      const res = await call(other, 'POST', '/nodes/pve1/qemu', { auth, form: linux });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Permission check failed\n');
      seed.acl?.push({ path: '/vms', role: 'PVEVMAdmin', ugid: 'student@pve' });
      seed.acl?.push({ path: '/storage', role: 'PVEDatastoreUser', ugid: 'student@pve' });
      await call(other, 'POST', '/_sim/seed', { json: { seed } });
      const bridge = await call(other, 'POST', '/nodes/pve1/qemu', { auth, form: linux });
      expect(bridge.status).toBe(403);
      expect(bridge.reason).toBe(
        'Permission check failed (/sdn/zones/localnetwork/vmbr0, SDN.Use)',
      );
    } finally {
      await other.close();
    }
  });
});
