import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { locateVm } from './locate.js';
import type { PreparedConsole } from './types.js';

/**
 * The Proxmox half of a console. vncproxy runs now, with the cluster's own credentials (token or
 * ticket: both authenticate the upgrade, and PVE binds the vncticket to that identity, its VM
 * and port, for 40 s); its task waits ~10 s for the WebSocket, which must reach the same
 * endpoint that answered (vncproxy has no proxyto). pve-client's `openVncWebsocket` does that.
 * The vncticket never leaves this object; only the VNC password is handed out.
 */
export async function prepareConsole(env: EngineEnv, vmid: number): Promise<PreparedConsole> {
  const vm = await locateVm(env, vmid);
  if (vm.template)
    throw new BuilderError(409, `${vm.name} (VM ${vmid}) is a template: it has no screen to show`);
  if (!vm.running)
    throw new BuilderError(
      409,
      `${vm.name} (VM ${vmid}) is not running: start it to see its screen`,
    );
  const proxy = await env.client.qemuConsole.vncproxy(vm.node, vmid).catch((err: unknown) => {
    throw stepError('console', `Opening the console of ${vm.name} failed`, err);
  });
  let opened = false;
  return {
    node: vm.node,
    name: vm.name,
    password: proxy.password,
    async open(signal) {
      if (opened) throw new Error('this console was already opened');
      opened = true;
      const socket = await env.client.qemuConsole
        .openVncWebsocket(vm.node, vmid, proxy, signal ? { signal } : {})
        .catch((err: unknown) => {
          throw stepError('console', `Connecting to the console of ${vm.name} failed`, err);
        });
      return { socket };
    },
  };
}
