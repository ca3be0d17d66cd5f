import { bool, int, oneOf, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, nodeParam, optional, storageParam, vmidParam } from './common.js';

/** qemu-server clone_vm (API2/Qemu.pm) and the guest agent endpoints (API2/Qemu/Agent.pm). */
const base = { node: nodeParam, vmid: vmidParam };
const node = { proxyto: 'node', additionalProperties: 0, protected: true } as const;
const result = { type: 'object' };

export const qemuCloneAgentApi: MethodDefinition[] = [
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/clone',
    {
      ...base,
      newid: vmidParam,
      name: str({ format: 'dns-name' }),
      description: str(),
      pool: str({ format: 'pve-poolid' }),
      snapname: str({ format: 'pve-configid', maxLength: 40 }),
      storage: optional(storageParam),
      format: oneOf(['raw', 'qcow2', 'vmdk']),
      full: bool(),
      target: optional(nodeParam),
      bwlimit: int(0, undefined, { default: 'clone limit from datacenter or storage config' }),
    },
    { ...node, returns: { type: 'string' } },
  ),
  def('POST', '/nodes/{node}/qemu/{vmid}/agent/ping', base, { ...node, returns: result }),
  def('GET', '/nodes/{node}/qemu/{vmid}/agent/get-osinfo', base, { ...node, returns: result }),
  def(
    'POST',
    '/nodes/{node}/qemu/{vmid}/agent/exec',
    {
      ...base,
      command: { type: 'array', items: { type: 'string' } },
      'input-data': str({ maxLength: 65536 }),
    },
    { ...node, returns: { type: 'object', properties: { pid: { type: 'integer' } } } },
  ),
  def(
    'GET',
    '/nodes/{node}/qemu/{vmid}/agent/exec-status',
    { ...base, pid: { type: 'integer' } },
    { ...node, returns: { type: 'object' } },
  ),
];
