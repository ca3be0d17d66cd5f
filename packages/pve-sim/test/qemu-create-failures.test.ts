import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, start, waitTask } from './helpers.js';
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

describe('qmcreate worker failures', () => {
  it('accounts storage: thin overcommit warns, a full pool fails the task', async () => {
    const big = await create({ ...linux, ide2: 'none,media=cdrom', scsi0: 'local-lvm:400' });
    const st = await waitTask(sim, builder, big.body.data);
    expect(st.exitstatus).toBe('WARNINGS: 1');
    await call(sim, 'POST', '/_sim/storages/local-lvm', {
      json: { node: 'pve1', used: 348 * 1024 ** 3 },
    });
    const full = await create({ ...linux, vmid: 202, ide2: 'none,media=cdrom' });
    const st2 = await waitTask(sim, builder, full.body.data);
    expect(st2.exitstatus).toMatch(
      /^unable to create VM 202 - lvcreate 'pve\/vm-202-disk-0' error: /,
    );
  });

  it('injects a task failure through /_sim/faults', async () => {
    await call(sim, 'POST', '/_sim/faults', {
      json: {
        method: 'POST',
        path: '/nodes/*/qemu',
        count: 1,
        effect: { type: 'task-error', message: 'simulated failure' },
      },
    });
    const res = await create(linux);
    const st = await waitTask(sim, builder, res.body.data);
    expect(st.exitstatus).toBe('unable to create VM 200 - simulated failure');
    expect((await call(sim, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder })).status).toBe(
      500,
    );
  });
});

describe('parse_drive refusals', () => {
  it('refuses drive combinations PVE cannot parse', async () => {
    for (const [key, value] of [
      ['ide2', 'local:iso/ubuntu-22.04-live-server-amd64.iso,media=cdrom,format=raw'],
      ['virtio1', 'isos-nfs:iso/virtio-win.iso,media=cdrom'],
      ['scsi0', 'local-lvm:8,iops=20,iops_rd=10'],
    ] as const) {
      const res = await create({ vmid: 210, [key]: value });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ [key]: 'unable to parse drive options' });
    }
  });
});
