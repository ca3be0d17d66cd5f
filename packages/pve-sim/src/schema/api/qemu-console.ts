import { bool, int, req, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, nodeParam, vmidParam } from './common.js';

/** qemu-server API2/Qemu.pm: vm_shutdown, vm_reset, vm_reboot, vm_sendkey, vncproxy, vncwebsocket. */
const base = { node: nodeParam, vmid: vmidParam };
const node = { proxyto: 'node', additionalProperties: 0 } as const;
const upid = { type: 'string' };

export const qemuConsoleApi: MethodDefinition[] = [
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/status/shutdown',
    {
      ...base,
      skiplock: bool(),
      timeout: int(0),
      forceStop: bool({ default: 0 }),
      keepActive: bool({ default: 0 }),
    },
    { ...node, protected: true, returns: upid },
  ),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/status/reset',
    { ...base, skiplock: bool() },
    { ...node, protected: true, returns: upid },
  ),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/status/reboot',
    { ...base, timeout: int(0) },
    { ...node, protected: true, returns: upid },
  ),
  def(
    'PUT',
    '/nodes/{node}/qemu/{vmid}/sendkey',
    { ...base, skiplock: bool(), key: { type: 'string' } },
    { ...node, protected: true, returns: { type: 'null' } },
  ),
  // vncproxy and vncwebsocket have no proxyto: the node that answers runs the proxy (over SSH
  // for a remote VM) and the WebSocket must reach that same node.
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/vncproxy',
    { ...base, websocket: bool(), 'generate-password': bool({ default: 0 }) },
    { additionalProperties: 0, protected: true, returns: { additionalProperties: 0 } },
  ),
  def(
    'GET',
    '/nodes/{node}/qemu/{vmid}/vncwebsocket',
    {
      ...base,
      vncticket: req(str({ maxLength: 512 })),
      port: { type: 'integer', minimum: 5900, maximum: 5999 },
    },
    { additionalProperties: 0, returns: { type: 'object' } },
  ),
];
