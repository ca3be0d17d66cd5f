import type { IncomingMessage } from 'node:http';
import { generateVncPassword } from '../../auth/vnc-ticket.js';
import { parseSendkey } from '../../console/keys.js';
import { PveError, die } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, int, str } from '../../http/route.js';
import { acceptWebsocket, dropUpgrade } from '../../http/upgrade.js';
import { requireVm } from '../../state/vm.js';
import { openVncProxy } from '../../workers/vncproxy.js';
import { skiplockOf, target, vmPerm } from './qemu-actions.js';

/** PUT sendkey: HMP "sendkey KEY"; QEMU's monitor output becomes the error. */
function sendkey(ctx: RouteContext): unknown {
  const t = target(ctx);
  skiplockOf(ctx);
  const vm = requireVm(ctx.sim.state, t.node, t.vmid);
  if (!vm.running) throw die(`VM ${t.vmid} not running\n`);
  const key = str(ctx.params.key) ?? '';
  const parsed = parseSendkey(key);
  if (!parsed.press) throw die(`invalid parameter: ${parsed.invalid ?? key}\n`);
  const guest = ctx.sim.consoles.guest(vm);
  guest.recordKey({ source: 'sendkey', key });
  guest.press(parsed.press);
  return null;
}

/**
 * POST vncproxy (qemu-server 9.1.8+): a port, a VNC ticket bound to the caller, /vms/VMID and the
 * port, prefixed with an 8-character VNC password that is also returned as `password`.
 */
function vncproxy(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const t = target(ctx);
  requireVm(s.state, t.node, t.vmid);
  const port = s.consoles.freePort();
  if (port === undefined) throw die('unable to find free port (5900-5999)\n');
  const password = generateVncPassword();
  const ticket = `${password}:${s.vncTickets.assemble(t.user, `/vms/${t.vmid}`, port)}`;
  const worker = openVncProxy(s, { node: t.node, vmid: t.vmid, port, password });
  const task = s.tasks.start(
    { node: t.node, type: 'vncproxy', id: String(t.vmid), user: t.user, ...t.injected },
    worker,
  );
  return { user: t.user, ticket, port, upid: task.upid, cert: s.certPem, password };
}

/** GET vncwebsocket: the ticket must match the caller (user or token id), path and port. */
function vncwebsocket(ctx: RouteContext): unknown {
  const t = target(ctx);
  const port = int(ctx.params.port) ?? 0;
  const ticket = str(ctx.params.vncticket) ?? '';
  if (!ctx.sim.vncTickets.verify(ticket, t.user, `/vms/${t.vmid}`, port))
    throw new PveError(401, 'permission denied - invalid PVEVNC ticket\n');
  requireVm(ctx.sim.state, t.node, t.vmid);
  return { port: String(port) };
}

/** pveproxy connects to localhost:PORT, then answers 101 and relays frames both ways. */
function vncUpgrade(ctx: RouteContext, req: IncomingMessage): void {
  const port = int(ctx.params.port) ?? 0;
  const listener = ctx.sim.consoles.listeners.get(port);
  if (!listener) return dropUpgrade(req);
  const consoles = ctx.sim.consoles;
  acceptWebsocket(req, (ws) => {
    consoles.sockets.add(ws);
    ws.once('close', () => consoles.sockets.delete(ws));
    listener.connect(ws);
  });
}

export const qemuConsoleRoutes: ApiRoute[] = [
  {
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/sendkey',
    proxy: true,
    check: vmPerm('VM.Console'),
    handler: sendkey,
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/vncproxy',
    check: vmPerm('VM.Console'),
    handler: vncproxy,
  },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/vncwebsocket',
    check: vmPerm('VM.Console'),
    handler: vncwebsocket,
    websocket: vncUpgrade,
  },
];
