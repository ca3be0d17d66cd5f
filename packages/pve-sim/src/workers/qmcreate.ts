import { randomUUID } from 'node:crypto';
import type { Simulator } from '../simulator.js';
import { freeVolume } from '../state/alloc.js';
import type { Worker } from '../state/tasks.js';
import type { VmConfig, VmState } from '../state/types.js';
import { normalizeValue } from '../state/vm.js';
import { driveKeysSorted } from './drive-order.js';
import { createDisk, type DiskJob } from './create-disks.js';
import { QEMU_VERSION, defaultBootOrder, pinWindowsMachine } from './machine.js';
import { startVmTask } from './power.js';

export interface CreateJob {
  node: string;
  vmid: number;
  /** Config options as validated (drive values still in "with alloc" syntax). */
  options: Record<string, unknown>;
  defaultStorage: string | undefined;
  start: boolean;
  /** The resource pool the new VM joins at the end (add_vm_to_pool). */
  pool?: string | undefined;
  user: string;
  vm: VmState;
  release: () => void;
}

/** The qmcreate worker: allocate disks in sorted key order, finish the config, or clean up. */
export function qmcreateWorker(s: Simulator, job: CreateJob): Worker {
  return async (ctx) => {
    const disks: DiskJob = {
      node: job.node,
      vmid: job.vmid,
      defaultStorage: job.defaultStorage,
      template: Number(job.options.template ?? 0) === 1,
      allocated: [],
    };
    try {
      await ctx.sleep(300);
      const config: VmConfig = {};
      for (const [key, value] of Object.entries(job.options))
        config[key] = normalizeValue(key, value);
      config.meta = `creation-qemu=${QEMU_VERSION},ctime=${s.now()}`;
      for (const key of driveKeysSorted(Object.keys(job.options)))
        config[key] = await createDisk(s, ctx, disks, key, String(job.options[key]));
      if (config.boot === undefined) {
        const boot = defaultBootOrder(config);
        if (boot) config.boot = boot;
      }
      if (config.smbios1 === undefined) config.smbios1 = `uuid=${randomUUID()}`;
      if (config.vmgenid === undefined || config.vmgenid === '1') config.vmgenid = randomUUID();
      const pinned = pinWindowsMachine(config);
      if (pinned) ctx.log(`pinning machine type to '${pinned}' for Windows guest OS`);
      await ctx.sleep(200);
      job.vm.config = config;
      if (job.pool !== undefined) s.state.setResourcePool(job.vmid, job.pool);
    } catch (err) {
      for (const volid of disks.allocated) freeVolume(s.state, job.node, volid);
      if (s.state.vms.get(job.vmid) === job.vm) s.state.vms.delete(job.vmid);
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`unable to create VM ${job.vmid} - ${reason.replace(/\n$/, '')}`);
    } finally {
      job.release();
    }
    if (job.start) {
      ctx.log('Execute autostart');
      startVmTask(s, { node: job.node, vmid: job.vmid, user: job.user });
    }
  };
}
