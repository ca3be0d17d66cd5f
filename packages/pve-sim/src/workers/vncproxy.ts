import type { WebSocket } from 'ws';
import { RfbSession } from '../console/rfb-session.js';
import type { Simulator } from '../simulator.js';
import type { Worker } from '../state/tasks.js';

/** `qm vncproxy` sets the VNC password with expire_password +30 (seconds). */
const PASSWORD_LIFETIME = 30;

export interface VncProxyJob {
  node: string;
  vmid: number;
  port: number;
  password: string;
}

/**
 * The vncproxy task: listens on the port (registered before the API answers, like PVE's
 * wait_for_vnc_port), fails with "connection timed out" when nobody connects in time, then runs
 * `qm vncproxy` (which fails when the VM is not running) until the connection ends.
 */
export function openVncProxy(s: Simulator, job: VncProxyJob): Worker {
  let onConnect: ((ws: WebSocket) => void) | undefined;
  const connected = new Promise<WebSocket>((resolve) => (onConnect = resolve));
  s.consoles.listeners.set(job.port, {
    port: job.port,
    vmid: job.vmid,
    connect: (ws) => {
      s.consoles.listeners.delete(job.port);
      onConnect?.(ws);
    },
  });
  return async (ctx) => {
    const signal = ctx.task.abort.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error('connection timed out')), s.vncTimeoutMs);
      signal.addEventListener('abort', () => reject(new Error('received interrupt')), {
        once: true,
      });
    });
    timeout.catch(() => undefined); // settled below or irrelevant once connected
    let ws: WebSocket;
    try {
      ws = await Promise.race([connected, timeout]);
    } finally {
      clearTimeout(timer);
      if (s.consoles.listeners.get(job.port)?.vmid === job.vmid)
        s.consoles.listeners.delete(job.port);
    }
    const vm = s.state.vms.get(job.vmid);
    if (!vm || vm.node !== job.node || !vm.running || ws.readyState !== ws.OPEN) {
      ws.terminate();
      throw new Error('Failed to run vncproxy.');
    }
    const guest = s.consoles.guest(vm);
    guest.vncPassword = { password: job.password, expires: s.now() + PASSWORD_LIFETIME };
    const session = new RfbSession(
      guest,
      { send: (data) => ws.send(data), close: () => ws.terminate() },
      () => s.now(),
    );
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
      session.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)),
    );
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      signal.addEventListener('abort', () => ws.terminate(), { once: true });
    });
    session.close();
  };
}
