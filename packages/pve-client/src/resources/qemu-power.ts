import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';
import type { Params } from '../types.js';

type Sig = { signal?: AbortSignal };

/**
 * Power actions (VM.PowerMgmt). Each returns the UPID of its task (`qmstart`, `qmshutdown`,
 * `qmstop`, `qmreset`, `qmreboot`); await it with `tasks.wait`. Refusals PVE makes before the
 * task (a reset or reboot of a stopped VM: 500 "VM N not running") throw `PveHttpError`; the
 * others ("you can't start a vm if it's a template", "VM N already running", "VM quit/powerdown
 * failed - got timeout") are the task's exit status. Never retried (POST).
 */
export interface QemuPowerApi {
  start(node: string, vmid: number, o?: { timeout?: number } & Sig): Promise<string>;
  /** ACPI power button; `timeout` seconds (PVE: 60), `forceStop` terminates after it. */
  shutdown(
    node: string,
    vmid: number,
    o?: { timeout?: number; forceStop?: boolean } & Sig,
  ): Promise<string>;
  /** Hard stop; `overruleShutdown` aborts running qmshutdown tasks first. */
  stop(
    node: string,
    vmid: number,
    o?: { timeout?: number; overruleShutdown?: boolean } & Sig,
  ): Promise<string>;
  reset(node: string, vmid: number, o?: Sig): Promise<string>;
  reboot(node: string, vmid: number, o?: { timeout?: number } & Sig): Promise<string>;
}

export function qemuPowerApi(core: ClientCore): QemuPowerApi {
  const post = (node: string, vmid: number, action: string, params: Params, o: Sig = {}) =>
    core.request<string>(
      'POST',
      `/nodes/${seg(node)}/qemu/${seg(vmid)}/status/${action}`,
      params,
      o.signal ? { signal: o.signal } : {},
    );
  return {
    start: (node, vmid, o = {}) => post(node, vmid, 'start', { timeout: o.timeout }, o),
    shutdown: (node, vmid, o = {}) =>
      post(node, vmid, 'shutdown', { timeout: o.timeout, forceStop: o.forceStop }, o),
    stop: (node, vmid, o = {}) =>
      post(node, vmid, 'stop', { timeout: o.timeout, 'overrule-shutdown': o.overruleShutdown }, o),
    reset: (node, vmid, o = {}) => post(node, vmid, 'reset', {}, o),
    reboot: (node, vmid, o = {}) => post(node, vmid, 'reboot', { timeout: o.timeout }, o),
  };
}
