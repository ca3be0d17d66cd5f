import { describe, expect, it } from 'vitest';
import { builder, call, start, taskLog, waitTask } from './helpers.js';

const vm = {
  vmid: 300,
  name: 'tpl-src',
  ide2: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso,media=cdrom',
  scsi0: 'local-lvm:16,iothread=1',
  net0: 'virtio,bridge=vmbr0',
  ostype: 'l26',
};

describe('lock: create while the worker runs', () => {
  it('blocks config changes and template, and DELETE waits for the lock', async () => {
    const slow = await start({ taskDurations: { qmcreate: 2000, qmdestroy: 2000 } });
    try {
      const res = await call(slow, 'POST', '/nodes/pve3/qemu', { auth: builder, form: vm });
      const cfg = (await call(slow, 'GET', '/nodes/pve3/qemu/300/config', { auth: builder })).body
        .data;
      expect(cfg.lock).toBe('create');
      expect(Object.keys(cfg).sort()).toEqual(['digest', 'lock']);
      const put = await call(slow, 'PUT', '/nodes/pve3/qemu/300/config', {
        auth: builder,
        form: { name: 'x' },
      });
      expect(put.status).toBe(500);
      expect(put.reason).toBe('VM is locked (create)');
      const tpl = await call(slow, 'POST', '/nodes/pve3/qemu/300/template', { auth: builder });
      expect(tpl.body.message).toBe('VM is locked (create)\n');
      const resources = (
        await call(slow, 'GET', '/cluster/resources', { auth: builder, query: { type: 'vm' } })
      ).body.data;
      expect(resources.find((r: { vmid: number }) => r.vmid === 300).lock).toBe('create');
      const del = await call(slow, 'DELETE', '/nodes/pve3/qemu/300', { auth: builder });
      expect(del.status).toBe(200);
      expect((await waitTask(slow, builder, res.body.data)).exitstatus).toBe('OK');
      expect((await waitTask(slow, builder, del.body.data)).exitstatus).toBe('OK');
      const log = await taskLog(slow, builder, del.body.data);
      expect(log[0]).toBe('trying to acquire lock...');
      expect(
        (await call(slow, 'GET', '/nodes/pve3/qemu/300/config', { auth: builder })).status,
      ).toBe(500);
    } finally {
      await slow.close();
    }
  });

  it('DELETE fails with got timeout when the create outlasts the 10 s lock wait', async () => {
    const slow = await start({ taskDurations: { qmcreate: 2000 } });
    try {
      const res = await call(slow, 'POST', '/nodes/pve3/qemu', { auth: builder, form: vm });
      const del = await call(slow, 'DELETE', '/nodes/pve3/qemu/300', { auth: builder });
      expect((await waitTask(slow, builder, del.body.data)).exitstatus).toBe(
        "can't lock file '/var/lock/qemu-server/lock-300.conf' - got timeout",
      );
      expect((await waitTask(slow, builder, res.body.data)).exitstatus).toBe('OK');
    } finally {
      await slow.close();
    }
  });

  it('DELETE /tasks/{upid} interrupts a running task', async () => {
    const slow = await start({ taskSpeed: 1 });
    try {
      const res = await call(slow, 'POST', '/nodes/pve3/qemu', { auth: builder, form: vm });
      const node = 'pve3';
      const stop = await call(
        slow,
        'DELETE',
        `/nodes/${node}/tasks/${encodeURIComponent(res.body.data)}`,
        { auth: builder },
      );
      expect(stop.body).toEqual({ data: null });
      const st = await waitTask(slow, builder, res.body.data);
      expect(st.exitstatus).toBe('unable to create VM 300 - received interrupt');
    } finally {
      await slow.close();
    }
  });
});
