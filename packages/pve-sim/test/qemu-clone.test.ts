import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { CLONE_PASSWORD, cloneSeed } from './clone-seed.js';
import { type Auth, builder, call, login, start, taskLog, waitTask } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ seed: cloneSeed() });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const clone = (
  vmid: number,
  form: Record<string, string | number>,
  node = 'pve1',
  auth = builder,
) => call(sim, 'POST', `/nodes/${node}/qemu/${vmid}/clone`, { auth, form });
const config = async (node: string, vmid: number) =>
  (await call(sim, 'GET', `/nodes/${node}/qemu/${vmid}/config`, { auth: builder })).body.data;
const content = async (node: string, storage: string) =>
  (await call(sim, 'GET', `/nodes/${node}/storage/${storage}/content`, { auth: builder })).body
    .data as { volid: string; parent?: string; vmid?: number; format: string }[];

async function cloneOk(vmid: number, form: Record<string, string | number>, node = 'pve1') {
  const res = await clone(vmid, form, node);
  expect(res.status).toBe(200);
  expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
  return taskLog(sim, builder, res.body.data);
}

describe('linked clones', () => {
  it('clone a template on LVM-thin as a qmclone task of the source, with a new identity', async () => {
    const res = await clone(9000, { newid: 200, name: 'lab-01', description: 'class A' });
    expect(res.body.data).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9000:labforge@pve!builder:$/,
    );
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    expect(await taskLog(sim, builder, res.body.data)).toEqual([
      'creating a clone of VM 9000 with ID 200',
      'create linked clone of drive scsi0 (local-lvm:base-9000-disk-0)',
      '  Logical volume "vm-200-disk-0" created.',
      'TASK OK',
    ]);
    const src = await config('pve1', 9000);
    const cfg = await config('pve1', 200);
    expect(cfg).toMatchObject({
      name: 'lab-01',
      description: 'class A',
      scsi0: 'local-lvm:vm-200-disk-0,iothread=1,size=32G',
      agent: '1',
      cores: 2,
      meta: src.meta,
    });
    expect(cfg.template).toBeUndefined();
    expect(cfg.lock).toBeUndefined();
    expect(cfg.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(cfg.smbios1).not.toBe(src.smbios1);
    expect(cfg.vmgenid).not.toBe(src.vmgenid);
    expect(cfg.net0).toMatch(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1$/);
    expect(cfg.net0).not.toBe(src.net0);
    expect((await content('pve1', 'local-lvm')).map((v) => v.volid)).toContain(
      'local-lvm:vm-200-disk-0',
    );
  });

  it('names the clone Copy-of-VM-<name> and finds the next free disk index', async () => {
    await cloneOk(9000, { newid: 201 });
    expect((await config('pve1', 201)).name).toBe('Copy-of-VM-ubuntu-2204-template');
  });

  it('dir storage: a qcow2 overlay over the raw base, listed with its parent; works across nodes on shared storage', async () => {
    const log = await cloneOk(9100, { newid: 210, target: 'pve2' });
    expect(log).toContain(
      'create linked clone of drive scsi0 (nfs-images:9100/base-9100-disk-0.raw)',
    );
    expect(
      log.some((l) =>
        l.startsWith("Formatting '/mnt/pve/nfs-images/images/210/vm-210-disk-0.qcow2', fmt=qcow2"),
      ),
    ).toBe(true);
    expect((await config('pve2', 210)).scsi0).toBe(
      'nfs-images:9100/base-9100-disk-0.raw/210/vm-210-disk-0.qcow2,size=8G',
    );
    expect((await call(sim, 'GET', '/nodes/pve1/qemu/210/config', { auth: builder })).status).toBe(
      500,
    );
    const vol = (await content('pve2', 'nfs-images')).find((v) => v.vmid === 210);
    expect(vol).toMatchObject({ format: 'qcow2', parent: '../9100/base-9100-disk-0.raw' });
  });

  it('ZFS: <base>/<name> volume with the __base__ snapshot as parent', async () => {
    await cloneOk(9200, { newid: 220 });
    expect((await config('pve1', 220)).scsi0).toBe('tank:base-9200-disk-0/vm-220-disk-0,size=8G');
    expect((await content('pve1', 'tank')).find((v) => v.vmid === 220)).toMatchObject({
      volid: 'tank:base-9200-disk-0/vm-220-disk-0',
      parent: 'base-9200-disk-0@__base__',
    });
    // The clone is a normal VM: it can be destroyed, which frees the clone but not the base.
    const del = await call(sim, 'DELETE', '/nodes/pve1/qemu/220', { auth: builder });
    expect((await waitTask(sim, builder, del.body.data)).exitstatus).toBe('OK');
    expect((await content('pve1', 'tank')).map((v) => v.volid)).toEqual(['tank:base-9200-disk-0']);
  });
});

describe('full clones', () => {
  it('copies a template disk with qemu-img progress lines', async () => {
    const log = await cloneOk(9000, { newid: 230, full: 1, name: 'full-01' });
    expect(log).toEqual([
      'creating a clone of VM 9000 with ID 230',
      'create full clone of drive scsi0 (local-lvm:base-9000-disk-0)',
      '  Logical volume "vm-230-disk-0" created.',
      "allocated target volume 'local-lvm:vm-230-disk-0'",
      'transferred 0.0 B of 32.0 GiB (0.00%)',
      'transferred 16.0 GiB of 32.0 GiB (50.00%)',
      'transferred 32.0 GiB of 32.0 GiB (100.00%)',
      'TASK OK',
    ]);
    expect((await config('pve1', 230)).scsi0).toBe('local-lvm:vm-230-disk-0,iothread=1,size=32G');
  });

  it('a normal VM is always copied in full, to another storage and format when asked', async () => {
    const log = await cloneOk(9300, {
      newid: 231,
      full: 1,
      storage: 'nfs-images',
      format: 'qcow2',
    });
    expect(log).toContain("allocated target volume 'nfs-images:231/vm-231-disk-0.qcow2'");
    await cloneOk(101, { newid: 232 }, 'pve2');
    expect((await config('pve2', 232)).scsi0).toMatch(/^local-lvm:vm-232-disk-0,/);
  });

  it('a running VM is mirrored', async () => {
    const log = await cloneOk(100, { newid: 233 });
    expect(log).toContain('drive mirror is starting for drive-scsi0');
    expect(log).toContain("all 'mirror' jobs are ready");
  });
});

describe("PVE's refusals", () => {
  const refused = async (
    vmid: number,
    form: Record<string, string | number>,
    message: string,
    status = 500,
    node = 'pve1',
  ) => {
    const res = await clone(vmid, form, node);
    expect({ status: res.status, message: res.body?.message }).toEqual({ status, message });
  };

  it('linked clones only from base volumes, and without storage/format', async () => {
    await refused(
      101,
      { newid: 300, full: 0 },
      "Linked clone feature is not supported for 'local-lvm:vm-101-disk-0' (scsi0)\n",
      500,
      'pve2',
    );
    await refused(
      9300,
      { newid: 300 },
      "Linked clone feature is not supported for 'thick:vm-9300-disk-0' (scsi0)\n",
    );
    await refused(
      9000,
      { newid: 300, storage: 'local-lvm' },
      "parameter 'storage' not allowed for linked clones\n",
    );
    await refused(
      9000,
      { newid: 300, format: 'qcow2' },
      "parameter 'format' not allowed for linked clones\n",
    );
  });

  it('target nodes need shared storage', async () => {
    await refused(
      9000,
      { newid: 300, target: 'pve2' },
      "can't clone VM to node 'pve2' (VM uses local storage)\n",
    );
    await refused(
      9000,
      { newid: 300, full: 1, storage: 'local-lvm', target: 'pve2' },
      "can't clone to non-shared storage 'local-lvm'\n",
    );
    await refused(9000, { newid: 300, target: 'pve9' }, "no such cluster node 'pve9'\n");
    const res = await clone(9000, { newid: 300, full: 1, storage: 'local' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ storage: "storage 'local' does not support vm images" });
  });

  it('existing VMIDs, snapshots, pools, locks and missing sources', async () => {
    await refused(9000, { newid: 100 }, 'unable to create VM 100: config file already exists\n');
    await refused(9000, { newid: 300, snapname: 'before' }, "snapshot 'before' does not exist\n");
    await refused(
      777,
      { newid: 300 },
      "Configuration file 'nodes/pve1/qemu-server/777.conf' does not exist\n",
    );
    await refused(
      9000,
      { newid: 300, pool: 'lab' },
      "Permission check failed (pool 'lab' does not exist)\n",
      403,
    );
    // 101 lives on pve2: the new config cannot be created on pve1 (pmxcfs refuses the rename).
    const res = await clone(9000, { newid: 101 });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe(
      "close (rename) atomic file '/etc/pve/nodes/pve1/qemu-server/101.conf' failed: File exists",
    );
  });

  it('a clone joins the pool it names; /pools and /cluster/resources show it; destroy leaves it', async () => {
    await cloneOk(9000, { newid: 310, name: 'bio-01', pool: 'class-2b' });
    const listed = await call(sim, 'GET', '/pools', { auth: builder });
    expect(listed.body.data).toEqual([{ poolid: 'class-2b', comment: 'Biology 2B' }]);
    const one = await call(sim, 'GET', '/pools', { auth: builder, query: { poolid: 'class-2b' } });
    expect(one.body.data[0].members.map((m: { id: string }) => m.id)).toEqual(['qemu/310']);
    const res = await call(sim, 'GET', '/cluster/resources', {
      auth: builder,
      query: { type: 'vm' },
    });
    const vm = (res.body.data as { vmid: number; pool?: string }[]).find((v) => v.vmid === 310);
    expect(vm?.pool).toBe('class-2b');
    const gone = await call(sim, 'DELETE', '/nodes/pve1/qemu/310', { auth: builder });
    expect((await waitTask(sim, builder, gone.body.data)).exitstatus).toBe('OK');
    const after = await call(sim, 'GET', '/pools', {
      auth: builder,
      query: { poolid: 'class-2b' },
    });
    expect(after.body.data[0].members).toEqual([]);
    const unknown = await call(sim, 'GET', '/pools', { auth: builder, query: { poolid: 'nope' } });
    expect([unknown.status, unknown.body.message]).toEqual([500, "pool 'nope' does not exist\n"]);
  });

  it('validates parameters like PVE', async () => {
    const res = await clone(9000, { newid: 99, name: 'lab_01', format: 'vdi' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['format', 'name', 'newid']);
  });
});

describe('permissions', () => {
  const as = async (user: string): Promise<Auth> => login(sim, user, CLONE_PASSWORD);

  it('VM.Clone on the source, VM.Allocate on the new VMID, Datastore.AllocateSpace on the storage', async () => {
    const nobody = await clone(9000, { newid: 300 }, 'pve1', await as('nobody@pve'));
    expect(nobody.body.message).toBe('Permission check failed (/vms/9000, VM.Clone)\n');
    const cloner = await clone(9000, { newid: 300 }, 'pve1', await as('cloner@pve'));
    expect([cloner.status, cloner.body.message]).toEqual([403, 'Permission check failed\n']);
    const nostorage = await clone(9000, { newid: 300 }, 'pve1', await as('nostorage@pve'));
    expect(nostorage.body.message).toBe(
      'Permission check failed (/storage/local-lvm, Datastore.AllocateSpace)\n',
    );
  });
});

describe('locks', () => {
  it('the new VM carries lock: clone while the task runs; the template only a shared flock', async () => {
    // Slow enough that the clones are still running when they are stopped, even on a loaded machine.
    const slow = await start({ seed: cloneSeed(), taskDurations: { qmclone: 40_000 } });
    try {
      const a = await call(slow, 'POST', '/nodes/pve1/qemu/9000/clone', {
        auth: builder,
        form: { newid: 300 },
      });
      const b = await call(slow, 'POST', '/nodes/pve1/qemu/9000/clone', {
        auth: builder,
        form: { newid: 301 },
      });
      await new Promise((r) => setTimeout(r, 300));
      const cfg = (await call(slow, 'GET', '/nodes/pve1/qemu/300/config', { auth: builder })).body
        .data;
      expect(cfg.lock).toBe('clone');
      const resources = (
        await call(slow, 'GET', '/cluster/resources', { auth: builder, query: { type: 'vm' } })
      ).body.data;
      expect(resources.find((r: { vmid: number }) => r.vmid === 301)?.lock).toBe('clone');
      expect(
        (await call(slow, 'GET', '/nodes/pve1/qemu/9000/config', { auth: builder })).body.data.lock,
      ).toBeUndefined();
      // The temporary config exists: another clone to that VMID is refused before forking.
      const dup = await call(slow, 'POST', '/nodes/pve1/qemu/9000/clone', {
        auth: builder,
        form: { newid: 300 },
      });
      expect(dup.body.message).toBe('unable to create VM 300: config file already exists\n');
      for (const t of [a, b])
        await call(slow, 'DELETE', `/nodes/pve1/tasks/${encodeURIComponent(t.body.data)}`, {
          auth: builder,
        });
      expect((await waitTask(slow, builder, a.body.data)).exitstatus).toBe(
        'clone failed: received interrupt',
      );
      await waitTask(slow, builder, b.body.data);
      // The interrupted clones leave nothing behind.
      expect(
        (await call(slow, 'GET', '/nodes/pve1/qemu/300/config', { auth: builder })).status,
      ).toBe(500);
      expect(
        (
          await call(slow, 'GET', '/nodes/pve1/storage/local-lvm/content', { auth: builder })
        ).body.data.map((v: { volid: string }) => v.volid),
      ).not.toContain('local-lvm:vm-300-disk-0');
    } finally {
      await slow.close();
    }
  });

  it('two clones to the same new VMID at once: exactly one wins', async () => {
    const [a, b] = await Promise.all([clone(9000, { newid: 320 }), clone(9000, { newid: 320 })]);
    const outcomes = await Promise.all(
      [a, b].map(async (r) =>
        r.status === 200 ? (await waitTask(sim, builder, r.body.data)).exitstatus : r.body.message,
      ),
    );
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect([
      'unable to create VM 320: config file already exists\n',
      'unable to create VM 320: config file already exists',
      "can't lock file '/var/lock/qemu-server/lock-320.conf' - got timeout",
    ]).toContain(outcomes.find((o) => o !== 'OK'));
  });

  it('a clone waits 1 s for the source config lock (held by a destroy) and gives up', async () => {
    const slow = await start({ seed: cloneSeed(), taskDurations: { qmdestroy: 2000 } });
    try {
      const del = await call(slow, 'DELETE', '/nodes/pve1/qemu/9200', { auth: builder });
      const res = await call(slow, 'POST', '/nodes/pve1/qemu/9200/clone', {
        auth: builder,
        form: { newid: 321 },
      });
      expect((await waitTask(slow, builder, res.body.data)).exitstatus).toBe(
        "can't lock file '/var/lock/qemu-server/lock-9200.conf' - got timeout",
      );
      expect((await waitTask(slow, builder, del.body.data)).exitstatus).toBe('OK');
    } finally {
      await slow.close();
    }
  });

  it('parallel clones to one storage queue on its lock and the ones waiting over 10 s time out', async () => {
    // Each clone holds local-lvm's lock for 6 s (simulated): the third waits 12 s > 10 s.
    const slow = await start({
      seed: cloneSeed(),
      taskSpeed: 1000,
      taskDurations: { qmclone: 50 },
    });
    try {
      await call(slow, 'POST', '/_sim/storages/local-lvm', { json: { lockHoldMs: 6000 } });
      const started = await Promise.all(
        [300, 301, 302].map((newid) =>
          call(slow, 'POST', '/nodes/pve1/qemu/9000/clone', { auth: builder, form: { newid } }),
        ),
      );
      const results = await Promise.all(started.map((r) => waitTask(slow, builder, r.body.data)));
      const failed = results.filter((r) => r.exitstatus !== 'OK').map((r) => r.exitstatus);
      expect(failed).toEqual([
        "clone failed: can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout",
      ]);
      const vmids = (
        await call(slow, 'GET', '/cluster/resources', { auth: builder, query: { type: 'vm' } })
      ).body.data.map((r: { vmid: number }) => r.vmid);
      expect(vmids.filter((v: number) => v >= 300 && v < 400)).toHaveLength(2);
      const vols = (
        await call(slow, 'GET', '/nodes/pve1/storage/local-lvm/content', { auth: builder })
      ).body.data.map((v: { volid: string }) => v.volid);
      expect(vols.filter((v: string) => /vm-30\d-disk/.test(v))).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });

  it('a storage-lock fault on shared storage gives the cfs-lock timeout; a retry later succeeds', async () => {
    const slow = await start({ seed: cloneSeed(), taskSpeed: 100 });
    try {
      await call(slow, 'POST', '/_sim/faults', {
        json: {
          method: 'POST',
          path: '/nodes/*/qemu/9100/clone',
          count: 1,
          // Held elsewhere for 60 s (600 ms here), longer than the clone's 10 s wait.
          effect: { type: 'storage-lock', storage: 'nfs-images', ms: 60000 },
        },
      });
      const first = await call(slow, 'POST', '/nodes/pve1/qemu/9100/clone', {
        auth: builder,
        form: { newid: 310 },
      });
      expect((await waitTask(slow, builder, first.body.data)).exitstatus).toBe(
        "clone failed: cfs-lock 'storage-nfs-images' error: got lock request timeout",
      );
      expect(await taskLog(slow, builder, first.body.data)).toContain(
        "trying to acquire cfs lock 'storage-nfs-images' ...",
      );
      expect(
        (await call(slow, 'GET', '/nodes/pve1/qemu/310/config', { auth: builder })).status,
      ).toBe(500);
      await new Promise((r) => setTimeout(r, 600));
      const retry = await call(slow, 'POST', '/nodes/pve1/qemu/9100/clone', {
        auth: builder,
        form: { newid: 310 },
      });
      expect((await waitTask(slow, builder, retry.body.data)).exitstatus).toBe('OK');
    } finally {
      await slow.close();
    }
  });
});
