import type { Simulator } from '../simulator.js';
import type { WorkerContext } from '../state/tasks.js';
import { checkLock, powerOff, startVmTask, workerVm } from './power.js';

/** Simulated seconds a guest that honours the ACPI power button needs to power off. */
const GUEST_POWEROFF_S = 2;

export interface AcpiStopJob {
  node: string;
  vmid: number;
  skiplock: boolean;
  /** Seconds to wait for the guest (PVE: 60 when not given). */
  timeout: number | undefined;
  force: boolean;
}

/**
 * _do_vm_stop with shutdown: system_powerdown, then one check per second. A guest that ignores
 * ACPI (firmware, boot prompt, UEFI shell, acpi: 0, or the control-plane override) never powers
 * off: PVE dies "VM quit/powerdown failed - got timeout", or with forceStop terminates it.
 * Returns false when the VM was not running (nothing to do).
 */
export async function acpiStop(
  s: Simulator,
  ctx: WorkerContext,
  job: AcpiStopJob,
): Promise<boolean> {
  await ctx.sleep(100);
  const vm = workerVm(s, job.node, job.vmid);
  if (!vm.running) return false;
  checkLock(vm, job.skiplock);
  const timeout = job.timeout ?? 60;
  for (let count = 0; ; count++) {
    if (!vm.running) return true;
    if (count >= timeout) break;
    if (count >= GUEST_POWEROFF_S && s.consoles.guest(vm).honoursAcpi()) {
      powerOff(s, vm);
      return true;
    }
    await ctx.sleep(1000);
  }
  if (!job.force) throw new Error('VM quit/powerdown failed - got timeout');
  ctx.log('VM still running - terminating now with SIGTERM');
  await ctx.sleep(500);
  powerOff(s, vm);
  return true;
}

export function shutdownWorker(s: Simulator, job: AcpiStopJob) {
  return async (ctx: WorkerContext): Promise<void> => {
    await acpiStop(s, ctx, job);
  };
}

/**
 * qmreboot: a shutdown with a reboot request; qmeventd's cleanup then starts the VM again
 * through the API as root@pam (a separate qmstart task).
 */
export function rebootWorker(
  s: Simulator,
  node: string,
  vmid: number,
  timeout: number | undefined,
) {
  return async (ctx: WorkerContext): Promise<void> => {
    const stopped = await acpiStop(s, ctx, { node, vmid, skiplock: false, timeout, force: false });
    if (stopped) startVmTask(s, { node, vmid, user: 'root@pam' });
  };
}
