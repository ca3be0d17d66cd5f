import { PveHttpError, PveTaskError, PveTimeoutError } from '@labforge/pve-client';
import { describe, expect, it } from 'vitest';
import { supportsMsCert2023k } from '../src/inventory/cluster-facts.js';
import { pveText, stepError } from '../src/errors/builder-error.js';
import { diskFirstBoot } from '../src/vm/media.js';
import { spreadWords } from '../src/placement/plan.js';
import { consoleUrl } from '../src/vm/ops.js';
import { pause } from '../src/util/pause.js';
import { getEventListeners } from 'node:events';

describe('small rules', () => {
  it('pauses leave no listener on the job signal, and an abort ends them early', async () => {
    const controller = new AbortController();
    const done = await Promise.all(Array.from({ length: 20 }, () => pause(1, controller.signal)));
    expect(done.every(Boolean)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const long = pause(60_000, controller.signal);
    controller.abort();
    await expect(long).resolves.toBe(false);
  });

  it('says in words how a class of VMs was spread over the nodes', () => {
    expect(spreadWords(['pve1', 'pve2', 'pve1'])).toBe('2 VMs on pve1, 1 on pve2');
    expect(spreadWords(['pve3'])).toBe('1 VM on pve3');
    expect(spreadWords([])).toBe('no node has room for these VMs');
  });

  it('knows which PVE versions take ms-cert=2023k', () => {
    expect(supportsMsCert2023k('9.1.1')).toBe(true);
    expect(supportsMsCert2023k('10.0.0')).toBe(true);
    expect(supportsMsCert2023k('9.0.11')).toBe(false);
    expect(supportsMsCert2023k('8.4.1')).toBe(false);
    expect(supportsMsCert2023k(undefined)).toBe(false);
  });

  it('moves disks before the (ejected) CD drives when finalising', () => {
    const cfg = {
      scsi0: 'local-lvm:vm-100-disk-0,size=32G',
      ide2: 'none,media=cdrom',
      ide0: 'none,media=cdrom',
    };
    expect(diskFirstBoot('order=ide2;scsi0;net0', cfg)).toBe('order=scsi0;ide2;net0');
    expect(
      diskFirstBoot('order=ide2;ide0;sata0', { ...cfg, sata0: 'local:100/vm-100-disk-0.qcow2' }),
    ).toBe('order=sata0;ide2;ide0');
    expect(diskFirstBoot(undefined, cfg)).toBeUndefined();
  });

  it('reports PVE’s own words, task exit statuses and per-parameter errors included', () => {
    const task = new PveTaskError({
      upid: 'UPID:pve1:00001234:00005678:65000000:qmcreate:100:root@pam:',
      node: 'pve1',
      type: 'qmcreate',
      exitstatus: 'unable to create VM 100 - out of space',
    });
    expect(pveText(task)).toBe('unable to create VM 100 - out of space');
    const http = new PveHttpError({
      status: 400,
      reason: 'Parameter verification failed.',
      errors: { net0: 'invalid format\n' },
    });
    expect(pveText(http)).toBe('Parameter verification failed. (net0: invalid format)');
    const e = stepError('create', 'Creating the VM failed', http);
    expect(e).toMatchObject({
      status: 502,
      step: 'create',
      message: 'Creating the VM failed: Parameter verification failed. (net0: invalid format)',
    });
    const timeout = new PveTimeoutError('timed out', { timeoutMs: 1000 });
    expect(stepError('create', 'Creating the VM failed', timeout).status).toBe(504);
    // A plain Error named like a client error is not one: only the classes count.
    const lookalike = Object.assign(new Error('timed out'), { name: 'PveTimeoutError' });
    expect(stepError('create', 'Creating the VM failed', lookalike).status).toBe(502);
  });

  it('links the noVNC console of the VM', () => {
    expect(consoleUrl('https://pve1:8006/', 'pve1', 105, 'lab-01')).toBe(
      'https://pve1:8006/?console=kvm&novnc=1&vmid=105&vmname=lab-01&node=pve1&resize=off&cmd=',
    );
  });
});
