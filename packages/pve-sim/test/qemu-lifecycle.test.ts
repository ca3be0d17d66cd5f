import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, login, start, taskLog, waitTask } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const vm = {
  vmid: 300,
  name: 'tpl-src',
  ide2: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso,media=cdrom',
  scsi0: 'local-lvm:16,iothread=1',
  net0: 'virtio,bridge=vmbr0',
  ostype: 'l26',
};

async function createVm(node = 'pve3', body: Record<string, string | number> = vm): Promise<void> {
  const res = await call(sim, 'POST', `/nodes/${node}/qemu`, { auth: builder, form: body });
  expect(res.status).toBe(200);
  expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
}

const config = async (node: string, vmid: number) =>
  (await call(sim, 'GET', `/nodes/${node}/qemu/${vmid}/config`, { auth: builder })).body.data;

describe('template conversion', () => {
  it('renames disks to base volumes, keeps the ISO, refuses a second conversion and start', async () => {
    await createVm();
    const res = await call(sim, 'POST', '/nodes/pve3/qemu/300/template', { auth: builder });
    expect(res.body.data).toMatch(/:qmtemplate:300:labforge@pve!builder:$/);
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const cfg = await config('pve3', 300);
    expect(cfg.template).toBe(1);
    expect(cfg.scsi0).toBe('local-lvm:base-300-disk-0,iothread=1,size=16G');
    expect(cfg.ide2).toMatch(/^isos-nfs:iso\/Rocky-9.4-x86_64-minimal.iso,media=cdrom,size=/);
    const again = await call(sim, 'POST', '/nodes/pve3/qemu/300/template', { auth: builder });
    expect(again.status).toBe(500);
    expect(again.reason).toBe("you can't convert a template to a template");
    const startRes = await call(sim, 'POST', '/nodes/pve3/qemu/300/status/start', {
      auth: builder,
    });
    expect((await waitTask(sim, builder, startRes.body.data)).exitstatus).toBe(
      "you can't start a vm if it's a template",
    );
  });

  it('takes description and tags on a template like qemu-server (tags folded, sorted, unique)', async () => {
    await createVm();
    const tpl = await call(sim, 'POST', '/nodes/pve3/qemu/300/template', { auth: builder });
    await waitTask(sim, builder, tpl.body.data);
    const before = await config('pve3', 300);
    const put = await call(sim, 'PUT', '/nodes/pve3/qemu/300/config', {
      auth: builder,
      form: {
        description: 'Built with LabForge\n- job_id: j1\n\nNotes',
        tags: 'Zeta;labforge,alpha zeta',
        digest: before.digest,
      },
    });
    expect(put.status).toBe(200);
    const cfg = await config('pve3', 300);
    expect(cfg.tags).toBe('alpha;labforge;zeta');
    expect(cfg.description).toBe('Built with LabForge\n- job_id: j1\n\nNotes');
    expect(cfg.template).toBe(1);
    expect(cfg.scsi0).toBe(before.scsi0);
    const bad = await call(sim, 'PUT', '/nodes/pve3/qemu/300/config', {
      auth: builder,
      form: { tags: 'no/slash' },
    });
    expect(bad.status).toBe(400);
    const stale = await call(sim, 'PUT', '/nodes/pve3/qemu/300/config', {
      auth: builder,
      form: { tags: 'x', digest: before.digest },
    });
    expect(stale.status).toBe(500);
  });

  it('refuses running VMs and missing configs', async () => {
    const running = await call(sim, 'POST', '/nodes/pve1/qemu/100/template', { auth: builder });
    expect(running.status).toBe(500);
    expect(running.body.message).toBe("you can't convert a VM to template if VM is running\n");
    const missing = await call(sim, 'POST', '/nodes/pve1/qemu/555/template', { auth: builder });
    expect(missing.body.message).toBe(
      "Configuration file 'nodes/pve1/qemu-server/555.conf' does not exist\n",
    );
  });

  it('create with template=1 allocates base volumes; start=1 spawns a failing qmstart', async () => {
    const res = await call(sim, 'POST', '/nodes/pve3/qemu', {
      auth: builder,
      form: { ...vm, template: 1, start: 1 },
    });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    expect((await config('pve3', 300)).scsi0).toBe('local-lvm:base-300-disk-0,iothread=1,size=16G');
    expect(await taskLog(sim, builder, res.body.data)).toContain('Execute autostart');
    const tasks = (
      await call(sim, 'GET', '/nodes/pve3/tasks', {
        auth: builder,
        query: { typefilter: 'qmstart', source: 'all' },
      })
    ).body.data;
    expect(tasks).toHaveLength(1);
    expect((await waitTask(sim, builder, tasks[0].upid)).exitstatus).toBe(
      "you can't start a vm if it's a template",
    );
  });
});

describe('destroy, power and CD-ROM changes', () => {
  it('destroys a VM and frees its disks; refuses running ones and skiplock for non-root', async () => {
    const res = await call(sim, 'DELETE', '/nodes/pve2/qemu/101', {
      auth: builder,
      query: { purge: 1 },
    });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const log = await taskLog(sim, builder, res.body.data);
    expect(log).toContain('  Logical volume "vm-101-disk-0" successfully removed.');
    expect(log).toContain('purging VM 101 from related configurations..');
    const running = await call(sim, 'DELETE', '/nodes/pve1/qemu/100', { auth: builder });
    expect(running.reason).toBe('VM 100 is running - destroy failed');
    const skip = await call(sim, 'DELETE', '/nodes/pve1/qemu/9000', {
      auth: builder,
      query: { skiplock: 1 },
    });
    expect(skip.status).toBe(400);
    expect(skip.body.errors).toEqual({ skiplock: 'Only root may use this option.' });
  });

  it('stops and starts a VM through tasks', async () => {
    const stop = await call(sim, 'POST', '/nodes/pve1/qemu/100/status/stop', { auth: builder });
    expect((await waitTask(sim, builder, stop.body.data)).exitstatus).toBe('OK');
    expect(
      (await call(sim, 'GET', '/nodes/pve1/qemu/100/status/current', { auth: builder })).body.data
        .status,
    ).toBe('stopped');
    const startRes = await call(sim, 'POST', '/nodes/pve1/qemu/100/status/start', {
      auth: builder,
    });
    expect((await waitTask(sim, builder, startRes.body.data)).exitstatus).toBe('OK');
  });

  it('ejects and attaches CD-ROMs with PUT and POST config (ticket auth with CSRF)', async () => {
    const { ticket, csrf } = await login(sim);
    const before = await config('pve2', 101);
    const put = await call(sim, 'PUT', '/nodes/pve2/qemu/101/config', {
      auth: { ticket, csrf },
      form: { ide2: 'isos-nfs:iso/virtio-win.iso,media=cdrom', digest: before.digest },
    });
    expect(put.body).toEqual({ data: null });
    expect((await config('pve2', 101)).ide2).toBe(
      'isos-nfs:iso/virtio-win.iso,media=cdrom,size=736186K',
    );
    const stale = await call(sim, 'PUT', '/nodes/pve2/qemu/101/config', {
      auth: { ticket, csrf },
      form: { ide2: 'none,media=cdrom', digest: before.digest },
    });
    expect(stale.reason).toBe(
      'detected modified configuration - file changed by other user? Try again.',
    );
    const post = await call(sim, 'POST', '/nodes/pve2/qemu/101/config', {
      auth: builder,
      form: { ide2: 'none,media=cdrom' },
    });
    expect(post.body.data).toMatch(/:qmconfig:101:/);
    await waitTask(sim, builder, post.body.data);
    expect((await config('pve2', 101)).ide2).toBe('none,media=cdrom');
    const del = await call(sim, 'PUT', '/nodes/pve2/qemu/101/config', {
      auth: builder,
      form: { delete: 'ide2' },
    });
    expect(del.status).toBe(200);
    expect((await config('pve2', 101)).ide2).toBeUndefined();
    const missing = await call(sim, 'PUT', '/nodes/pve2/qemu/101/config', {
      auth: builder,
      form: { ide2: 'local:iso/nope.iso,media=cdrom' },
    });
    expect(missing.body.message).toBe("volume 'local:iso/nope.iso' does not exist\n");
  });
});
