import { die } from '../http/errors.js';
import type { Simulator } from '../simulator.js';
import { freeVolume } from '../state/alloc.js';
import { splitVolid } from '../state/cluster.js';
import type { Worker } from '../state/tasks.js';
import type { VmState } from '../state/types.js';
import { requireVm } from '../state/vm.js';
import { DRIVE_KEY } from '../state/volume-names.js';

export function destroyChecks(s: Simulator, node: string, vmid: number): VmState {
  const vm = requireVm(s.state, node, vmid);
  if (Number(vm.config.protection ?? 0) === 1)
    throw die(`can't remove VM ${vmid} - protection mode enabled\n`);
  if (vm.running) throw die(`VM ${vmid} is running - destroy failed\n`);
  return vm;
}

export interface DestroyJob {
  node: string;
  vmid: number;
  purge: boolean;
  skiplock: boolean;
  unreferenced: boolean;
}

/** qmdestroy: waits for the config flock (10 s), re-checks, frees owned volumes, drops the config. */
export function qmdestroyWorker(s: Simulator, job: DestroyJob): Worker {
  return async (ctx) => {
    const busy = s.locks.isHeld(job.vmid);
    if (busy) ctx.log('trying to acquire lock...');
    const release = await s.locks.acquire(job.vmid, s.scaled(10_000, 'qmdestroy'));
    if (busy) ctx.log(' OK');
    try {
      await ctx.sleep(300);
      const vm = destroyChecks(s, job.node, job.vmid);
      const lock = vm.config.lock;
      if (lock !== undefined && lock !== 'suspended' && !job.skiplock)
        throw new Error(`VM is locked (${String(lock)})`);
      vm.config.lock = 'destroyed';
      const owned = new Set<string>();
      for (const [key, value] of Object.entries(vm.config)) {
        if (!DRIVE_KEY.test(key) && key !== 'vmstate') continue;
        const text = String(value);
        if (text.includes('media=cdrom')) continue;
        const volid = text.split(',')[0] ?? '';
        const [sid, name] = splitVolid(volid);
        if (sid && new RegExp(`(^|/)(vm|base)-${job.vmid}-`).test(name)) owned.add(volid);
      }
      if (job.unreferenced) {
        for (const pool of s.state.pools.values())
          for (const v of pool.volumes.values())
            if (
              v.vmid === job.vmid &&
              (pool.key === v.storage || pool.key.endsWith(`/${job.node}`))
            )
              owned.add(v.volid);
      }
      for (const volid of owned) {
        await ctx.sleep(300);
        const [sid, name] = splitVolid(volid);
        const def = s.state.storages.get(sid);
        if (!freeVolume(s.state, job.node, volid))
          ctx.warn(`Could not remove disk '${volid}', check manually: volume does not exist`);
        else if (def?.type === 'lvmthin' || def?.type === 'lvm')
          ctx.log(`  Logical volume "${name.replace(/^.*\//, '')}" successfully removed.`);
      }
      if (job.purge) ctx.log(`purging VM ${job.vmid} from related configurations..`);
      s.state.vms.delete(job.vmid);
      // remove_vm_access: the VM leaves its pool (and its ACLs, not modelled).
      s.state.setResourcePool(job.vmid, undefined);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(message.replace(/\n$/, ''));
    } finally {
      release();
    }
  };
}

export type { VmState };
