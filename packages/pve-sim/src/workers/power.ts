import type { Simulator } from '../simulator.js';
import type { TaskRecord, WorkerContext } from '../state/tasks.js';
import type { VmState } from '../state/types.js';
import { configPath, isTemplate } from '../state/vm.js';

function lockError(lock: string | number | undefined): Error | undefined {
  return lock === undefined ? undefined : new Error(`VM is locked (${String(lock)})`);
}

/** load_config inside a worker: a config that vanished is a task error. */
export function workerVm(s: Simulator, node: string, vmid: number): VmState {
  const vm = s.state.vms.get(vmid);
  if (!vm || vm.node !== node)
    throw new Error(`Configuration file '${configPath(node, vmid)}' does not exist`);
  return vm;
}

export function checkLock(vm: VmState, skiplock: boolean): void {
  const locked = skiplock ? undefined : lockError(vm.config.lock);
  if (locked) throw locked;
}

/** The QEMU process starts: a new pid, and the firmware begins its boot sequence. */
export function powerOn(s: Simulator, vm: VmState): void {
  // Looked up first: a console first created for a running VM assumes an installed, booted OS.
  const guest = s.consoles.guest(vm);
  vm.running = true;
  vm.startedAt = s.now();
  // Real time of the boot: the guest agent answers only after its boot delay.
  vm.bootedAtMs = Date.now();
  vm.pid += 1;
  guest.powerOn();
}

/** The QEMU process is gone: its VNC server (and every console connection) with it. */
export function powerOff(s: Simulator, vm: VmState): void {
  vm.running = false;
  // Processes started through the guest agent die with the guest.
  vm.guest?.processes.clear();
  s.consoles.existing(vm)?.powerOff();
}

export interface StartJob {
  node: string;
  vmid: number;
  user: string;
  skiplock?: boolean;
  injected?: string | undefined;
}

/** qmstart: vm_start's checks run inside the worker, so they surface as task errors. */
export function startVmTask(s: Simulator, job: StartJob): TaskRecord {
  return s.tasks.start(
    {
      node: job.node,
      type: 'qmstart',
      id: String(job.vmid),
      user: job.user,
      ...(job.injected ? { injectedError: job.injected } : {}),
    },
    async (ctx) => {
      await ctx.sleep(200);
      const vm = workerVm(s, job.node, job.vmid);
      if (isTemplate(vm)) throw new Error("you can't start a vm if it's a template");
      checkLock(vm, job.skiplock ?? false);
      if (vm.running) throw new Error(`VM ${job.vmid} already running`);
      await ctx.sleep(1500);
      powerOn(s, vm);
    },
  );
}

export interface StopJob {
  node: string;
  vmid: number;
  skiplock: boolean;
  overruleShutdown?: boolean;
}

/** qmstop: _do_vm_stop returns quietly for a VM that is not running (before the lock check). */
export function stopWorker(s: Simulator, job: StopJob) {
  return async (ctx: WorkerContext): Promise<void> => {
    if (job.overruleShutdown) {
      const overruled = [...s.tasks.tasks.values()].filter(
        (t) => t.type === 'qmshutdown' && t.id === String(job.vmid) && t.status === 'running',
      );
      for (const t of overruled) s.tasks.stop(t);
      if (overruled.length > 0)
        ctx.log(`overruled qmshutdown tasks: ${overruled.map((t) => t.upid).join(', ')}`);
    }
    await ctx.sleep(200);
    const vm = workerVm(s, job.node, job.vmid);
    if (!vm.running) return;
    checkLock(vm, job.skiplock);
    await ctx.sleep(800);
    powerOff(s, vm);
  };
}

/** qmreset: system_reset keeps the QEMU process (and its VNC clients); the firmware restarts. */
export function resetWorker(s: Simulator, node: string, vmid: number, skiplock: boolean) {
  return async (ctx: WorkerContext): Promise<void> => {
    await ctx.sleep(100);
    const vm = workerVm(s, node, vmid);
    checkLock(vm, skiplock);
    if (!vm.running) throw new Error(`VM ${vmid} not running`);
    s.consoles.guest(vm).reset();
  };
}
