import type { Simulator } from '../simulator.js';
import type { TaskRecord } from '../state/tasks.js';
import { configPath, isTemplate } from '../state/vm.js';

function lockError(lock: string | number | undefined): Error | undefined {
  return lock === undefined ? undefined : new Error(`VM is locked (${String(lock)})`);
}

/** qmstart: vm_start's checks run inside the worker, so they surface as task errors. */
export function startVmTask(
  s: Simulator,
  node: string,
  vmid: number,
  user: string,
  injected?: string,
): TaskRecord {
  return s.tasks.start(
    {
      node,
      type: 'qmstart',
      id: String(vmid),
      user,
      ...(injected ? { injectedError: injected } : {}),
    },
    async (ctx) => {
      await ctx.sleep(200);
      const vm = s.state.vms.get(vmid);
      if (!vm || vm.node !== node)
        throw new Error(`Configuration file '${configPath(node, vmid)}' does not exist`);
      if (isTemplate(vm)) throw new Error("you can't start a vm if it's a template");
      const locked = lockError(vm.config.lock);
      if (locked) throw locked;
      if (vm.running) throw new Error(`VM ${vmid} already running`);
      await ctx.sleep(1500);
      vm.running = true;
      vm.startedAt = s.now();
      vm.bootedAtMs = Date.now();
    },
  );
}

export function stopVmTask(
  s: Simulator,
  node: string,
  vmid: number,
  user: string,
  skiplock: boolean,
  injected?: string,
): TaskRecord {
  return s.tasks.start(
    {
      node,
      type: 'qmstop',
      id: String(vmid),
      user,
      ...(injected ? { injectedError: injected } : {}),
    },
    async (ctx) => {
      await ctx.sleep(200);
      const vm = s.state.vms.get(vmid);
      if (!vm || vm.node !== node)
        throw new Error(`Configuration file '${configPath(node, vmid)}' does not exist`);
      const locked = skiplock ? undefined : lockError(vm.config.lock);
      if (locked) throw locked;
      await ctx.sleep(800);
      vm.running = false;
      vm.guest?.processes.clear();
    },
  );
}
