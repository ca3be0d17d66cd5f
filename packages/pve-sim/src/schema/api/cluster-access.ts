import { bool, oneOf, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, optional, vmidParam } from './common.js';

/**
 * pve-manager (Cluster.pm, Nodes.pm, API2.pm version) and pve-access-control (AccessControl.pm)
 * endpoints. All have `additionalProperties => 0` (RESTHandler's default for PVE API methods).
 */
const closed = { additionalProperties: 0 } as const;
const REALM_RE = '(?^:[A-Za-z][A-Za-z0-9\\.\\-_]+)';
const USERID_OR_TOKEN = `(?^:^(?^:[^\\s:/]+)\\@${REALM_RE}(?:!${REALM_RE})?$)`;

export const clusterAccessApi: MethodDefinition[] = [
  def('GET', '/version', {}, { ...closed, returns: { type: 'object' } }),
  def(
    'POST',
    '/access/ticket',
    {
      username: { type: 'string', maxLength: 64 },
      realm: str({ format: 'pve-realm', maxLength: 32 }),
      password: { type: 'string' },
      otp: str(),
      'tfa-challenge': str(),
      path: str({ maxLength: 64, requires: 'privs' }),
      privs: str({ format: 'pve-priv-list', maxLength: 64, requires: 'path' }),
      'new-format': bool({ default: 1 }),
    },
    { ...closed, protected: true, allowtoken: false, returns: { type: 'object' } },
  ),
  def('GET', '/access/ticket', {}, { ...closed, returns: { type: 'null' } }),
  def(
    'GET',
    '/access/permissions',
    { userid: str({ pattern: USERID_OR_TOKEN }), path: str() },
    { ...closed, returns: { type: 'object' } },
  ),
  def('GET', '/nodes', {}, { ...closed, returns: { type: 'array' } }),
  def('GET', '/cluster/status', {}, { ...closed, protected: true, returns: { type: 'array' } }),
  def(
    'GET',
    '/cluster/resources',
    { type: oneOf(['vm', 'storage', 'node', 'sdn']) },
    { ...closed, returns: { type: 'array' } },
  ),
  def(
    'GET',
    '/pools',
    {
      poolid: str({ format: 'pve-poolid' }),
      type: { ...oneOf(['qemu', 'lxc', 'storage']), requires: 'poolid' },
    },
    { ...closed, returns: { type: 'array' } },
  ),
  def(
    'GET',
    '/cluster/nextid',
    { vmid: optional(vmidParam) },
    { ...closed, returns: { type: 'integer' } },
  ),
];
