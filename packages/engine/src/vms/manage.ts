import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { ejectChanges } from '../vm/media.js';
import { locateVm, refuseLocked } from './locate.js';
import type { VmActionOutcome } from './types.js';

/**
 * Ejects the install and drivers ISOs (the same change finalise makes): drives stay, empty, and
 * the disk boots first. Allowed while the VM runs (PVE changes a CD drive's medium live).
 */
export async function ejectMedia(env: EngineEnv, vmid: number): Promise<VmActionOutcome> {
  const vm = await locateVm(env, vmid);
  refuseLocked(vm);
  const state = vm.template ? 'template' : vm.running ? 'running' : 'stopped';
  const { changes, ejected } = ejectChanges(vm.cfg);
  if (Object.keys(changes).length === 0)
    return { vmid, node: vm.node, state, ejected, message: `${vm.name} has no ISO attached` };
  await env.client.qemu.updateConfig(vm.node, vmid, changes).catch((err: unknown) => {
    throw stepError('eject-media', `Ejecting the media of ${vm.name} failed`, err);
  });
  return {
    vmid,
    node: vm.node,
    state,
    ejected,
    message: ejected.length
      ? `Ejected ${ejected.join(' and ')} from ${vm.name}; it boots from its disk now`
      : `${vm.name} boots from its disk first now`,
  };
}

/**
 * Deletes a VM or template with its disks (`purge` also removes it from backup jobs and HA).
 * A running VM is refused rather than stopped: a teacher should see that it still runs (maybe a
 * class uses it) and stop it on purpose first.
 */
export async function destroyVm(env: EngineEnv, vmid: number): Promise<VmActionOutcome> {
  const vm = await locateVm(env, vmid);
  refuseLocked(vm);
  if (vm.running)
    throw new BuilderError(409, `${vm.name} (VM ${vmid}) is running: stop it before deleting it`);
  let upid: string;
  try {
    upid = await env.client.qemu.destroy(vm.node, vmid, {
      purge: true,
      'destroy-unreferenced-disks': true,
    });
    await env.client.tasks.wait(upid);
  } catch (err) {
    throw stepError('delete', `Deleting ${vm.name} failed`, err);
  }
  return {
    vmid,
    node: vm.node,
    upid,
    state: 'missing',
    message: `${vm.name} (VM ${vmid}) and its disks were deleted`,
  };
}
