import { bool, int, oneOf, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, nodeParam, optional, storageParam, vmidParam } from './common.js';

/** Node-level endpoints of pve-manager (Nodes.pm, Network.pm, Tasks.pm) and pve-storage. */
const proxied = { proxyto: 'node', additionalProperties: 0 } as const;
const node = { node: nodeParam };
const task = { node: nodeParam, upid: { type: 'string' } };
const URL_PATTERN = 'https?://.*';
const NETWORK_TYPES = [
  'bridge',
  'bond',
  'eth',
  'alias',
  'vlan',
  'fabric',
  'OVSBridge',
  'OVSBond',
  'OVSPort',
  'OVSIntPort',
  'vnet',
  'any_bridge',
  'any_local_bridge',
  'include_sdn',
];

export const nodesApi: MethodDefinition[] = [
  def('GET', '/nodes/{node}/status', node, { ...proxied, returns: { type: 'object' } }),
  def(
    'GET',
    '/nodes/{node}/capabilities/qemu/cpu',
    { ...node, arch: oneOf(['x86_64', 'aarch64']) },
    { additionalProperties: 0, returns: { type: 'array' } },
  ),
  def(
    'GET',
    '/nodes/{node}/storage',
    {
      ...node,
      content: str({ format: 'pve-storage-content-list' }),
      storage: optional(storageParam),
      target: optional(nodeParam),
      enabled: bool({ default: 0 }),
      format: bool({ default: 0 }),
    },
    { ...proxied, protected: true, returns: { type: 'array' } },
  ),
  def(
    'GET',
    '/nodes/{node}/storage/{storage}/status',
    { ...node, storage: storageParam },
    { ...proxied, protected: true, returns: { type: 'object' } },
  ),
  def(
    'GET',
    '/nodes/{node}/storage/{storage}/content',
    {
      ...node,
      storage: storageParam,
      content: str({ format: 'pve-storage-content' }),
      vmid: optional(vmidParam),
    },
    { ...proxied, protected: true, returns: { type: 'array' } },
  ),
  def(
    'POST',
    '/nodes/{node}/storage/{storage}/download-url',
    {
      ...node,
      storage: storageParam,
      url: { type: 'string', pattern: URL_PATTERN },
      content: { type: 'string', format: 'pve-storage-content', enum: ['iso', 'vztmpl', 'import'] },
      filename: { type: 'string', maxLength: 255 },
      checksum: str({ requires: 'checksum-algorithm' }),
      'checksum-algorithm': oneOf(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], {
        requires: 'checksum',
      }),
      // PVE 9.1 references an undefined enum list here, so any value passes the schema.
      compression: str(),
      'verify-certificates': bool({ default: 1 }),
    },
    { ...proxied, protected: true, returns: { type: 'string' } },
  ),
  def(
    'GET',
    '/nodes/{node}/query-url-metadata',
    {
      ...node,
      url: { type: 'string', pattern: URL_PATTERN },
      'verify-certificates': bool({ default: 1 }),
    },
    { ...proxied, returns: { type: 'object' } },
  ),
  def(
    'GET',
    '/nodes/{node}/network',
    { ...node, type: oneOf(NETWORK_TYPES) },
    { ...proxied, returns: { type: 'array' } },
  ),
  def(
    'GET',
    '/nodes/{node}/tasks',
    {
      ...node,
      start: int(0, undefined, { default: 0 }),
      limit: int(0, undefined, { default: 50 }),
      userfilter: str(),
      typefilter: str(),
      vmid: optional(vmidParam),
      errors: bool({ default: 0 }),
      source: oneOf(['archive', 'active', 'all'], { default: 'archive' }),
      since: int(),
      until: int(),
      statusfilter: str({ format: 'pve-task-status-type-list' }),
    },
    { ...proxied, returns: { type: 'array' } },
  ),
  def('GET', '/nodes/{node}/tasks/{upid}', task, {
    additionalProperties: 0,
    returns: { type: 'array' },
  }),
  def('DELETE', '/nodes/{node}/tasks/{upid}', task, {
    ...proxied,
    protected: true,
    returns: { type: 'null' },
  }),
  def('GET', '/nodes/{node}/tasks/{upid}/status', task, {
    ...proxied,
    protected: true,
    returns: { type: 'object' },
  }),
  def(
    'GET',
    '/nodes/{node}/tasks/{upid}/log',
    {
      ...task,
      start: int(0, undefined, { default: 0 }),
      limit: int(0, undefined, { default: 50 }),
      download: bool(),
    },
    { ...proxied, protected: true, returns: { type: 'array' } },
  ),
];
