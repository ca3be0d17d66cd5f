import type { PowerAction } from '@labforge/contracts';
import { PveTaskError } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, pveText, stepError } from '../errors/builder-error.js';
import { attachedMedia } from '../vm/media.js';
import { locateVm, refuseLocked, type LocatedVm } from './locate.js';
import type { BootKeySchedule, VmActionOutcome } from './types.js';

/**
 * Windows media wait ~5 s at "Press any key to boot from CD or DVD..." once the firmware is
 * done (a few seconds after qmstart), and under OVMF a missed prompt falls through to the next
 * boot entry (the UEFI shell on an empty disk). So we press Enter through sendkey at intervals
 * covering that window. Presses before the prompt reach the firmware, which ignores Enter (Esc
 * would open OVMF's setup menu, so it is not used); presses after the prompt arrive while Windows
 * Setup is still loading its files (tens of seconds on real hardware), where they are dropped.
 * The simulator's installer appears at once, so there the later presses show as empty lines.
 */
export const DEFAULT_BOOT_KEYS: BootKeySchedule = { firstMs: 500, intervalMs: 1000, presses: 8 };

const words: Record<Exclude<PowerAction, 'start-from-iso'>, { verb: string; done: string }> = {
  start: { verb: 'Starting', done: 'is running' },
  shutdown: { verb: 'Shutting down', done: 'has shut down' },
  stop: { verb: 'Stopping', done: 'is stopped' },
  reset: { verb: 'Resetting', done: 'was reset and is booting again' },
};

/** Refusals a teacher understands, before anything is sent to Proxmox. */
function refuse(vm: LocatedVm, action: PowerAction): void {
  const who = `${vm.name} (VM ${vm.vmid})`;
  if (vm.template)
    throw new BuilderError(
      409,
      `${who} is a template: templates cannot be started; clone it to get a VM you can run`,
    );
  refuseLocked(vm);
  const starting = action === 'start' || action === 'start-from-iso';
  if (starting && vm.running) throw new BuilderError(409, `${who} is already running`);
  if (!starting && !vm.running) throw new BuilderError(409, `${who} is not running`);
  if (action === 'start-from-iso' && attachedMedia(vm.cfg).length === 0)
    throw new BuilderError(
      409,
      `${who} has no ISO attached (the media were ejected): use Start to boot from its disk`,
    );
}

async function runTask(env: EngineEnv, vm: LocatedVm, action: keyof typeof words) {
  const { node, vmid } = vm;
  const power = env.client.qemuPower;
  let upid: string;
  try {
    upid =
      action === 'start'
        ? await power.start(node, vmid)
        : action === 'shutdown'
          ? await power.shutdown(node, vmid)
          : action === 'stop'
            ? await power.stop(node, vmid, { overruleShutdown: true })
            : await power.reset(node, vmid);
  } catch (err) {
    throw stepError('power', `${words[action].verb} ${vm.name} failed`, err);
  }
  try {
    await env.client.tasks.wait(upid);
  } catch (err) {
    if (err instanceof PveTaskError) {
      const hint =
        action === 'shutdown'
          ? ' The guest did not react to the power button in time (an installer may ignore it): use Stop to turn it off.'
          : '';
      throw new BuilderError(
        409,
        `${words[action].verb} ${vm.name} failed: ${pveText(err)}.${hint}`,
        {
          details: { upid },
        },
      );
    }
    throw stepError('power', `${words[action].verb} ${vm.name} failed`, err);
  }
  return upid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function powerVm(
  env: EngineEnv,
  vmid: number,
  action: PowerAction,
  bootKeys: BootKeySchedule,
): Promise<VmActionOutcome> {
  const vm = await locateVm(env, vmid);
  refuse(vm, action);
  if (action !== 'start-from-iso') {
    const upid = await runTask(env, vm, action);
    const state = action === 'shutdown' || action === 'stop' ? 'stopped' : 'running';
    return { vmid, node: vm.node, upid, state, message: `${vm.name} ${words[action].done}` };
  }
  const upid = await runTask(env, vm, 'start');
  let sent = 0;
  await sleep(bootKeys.firstMs);
  for (let i = 0; i < bootKeys.presses; i++) {
    if (i > 0) await sleep(bootKeys.intervalMs);
    try {
      await env.client.qemuConsole.sendkey(vm.node, vmid, 'ret');
      sent++;
    } catch (err) {
      // The VM stopped meanwhile (or the key was refused): report what we know.
      throw stepError(
        'power',
        `${vm.name} started, but pressing a key at the boot prompt failed`,
        err,
      );
    }
  }
  return {
    vmid,
    node: vm.node,
    upid,
    state: 'running',
    keys_sent: sent,
    message: `${vm.name} started from its ISO: a key was pressed at the "boot from CD" prompt; open the console to install`,
  };
}
