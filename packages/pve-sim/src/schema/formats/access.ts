import { FormatError } from '../errors.js';
import { registerFormat } from './registry.js';

/** Formats of pve-access-control (AccessControl.pm, Auth/Plugin.pm). */
const REALM = '[A-Za-z][A-Za-z0-9.\\-_]+';
const USER = '[^\\s:/]+';
const TOKEN_FULL = new RegExp(`^((${USER})@(${REALM}))!(${REALM})$`);

/** Every privilege PVE 9 knows (AccessControl.pm $privgroups plus Permissions.Modify). */
export const VALID_PRIVS: readonly string[] = [
  'VM.Config.Disk',
  'VM.Config.CPU',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.HWType',
  'VM.Config.Options',
  'VM.Allocate',
  'VM.Clone',
  'VM.GuestAgent.Unrestricted',
  'VM.Migrate',
  'VM.Replicate',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
  'VM.Config.CDROM',
  'VM.Config.Cloudinit',
  'VM.Console',
  'VM.Backup',
  'VM.GuestAgent.FileRead',
  'VM.GuestAgent.FileSystemMgmt',
  'VM.GuestAgent.FileWrite',
  'VM.PowerMgmt',
  'VM.Audit',
  'VM.GuestAgent.Audit',
  'Sys.PowerMgmt',
  'Sys.Modify',
  'Sys.Incoming',
  'Sys.AccessNetwork',
  'Sys.Console',
  'Sys.Syslog',
  'Sys.Audit',
  'Datastore.Allocate',
  'Datastore.AllocateTemplate',
  'Datastore.AllocateSpace',
  'Datastore.Audit',
  'SDN.Allocate',
  'SDN.Audit',
  'SDN.Use',
  'Realm.Allocate',
  'User.Modify',
  'Group.Allocate',
  'Realm.AllocateUser',
  'Pool.Allocate',
  'Pool.Audit',
  'Mapping.Modify',
  'Mapping.Use',
  'Mapping.Audit',
  'Permissions.Modify',
];

const fail = (msg: string): never => {
  throw new FormatError(msg);
};

registerFormat('pve-realm', (v) => {
  if (!new RegExp(`^${REALM}$`).test(v)) fail('value does not look like a valid realm\n');
});
registerFormat('pve-userid', (v) => {
  const len = [...v].length;
  if (len < 3) fail(`user name '${v}' is too short\n`);
  if (len > 64) fail(`user name '${v}' is too long (${len} > 64)\n`);
  if (!new RegExp(`^(${USER})@(${REALM})$`).test(v))
    fail(`value '${v}' does not look like a valid user name\n`);
});
registerFormat('pve-tokenid', (v) => {
  if (!TOKEN_FULL.test(v)) fail(`value '${v}' does not look like a valid token ID\n`);
});
registerFormat('pve-priv', (v) => {
  if (!VALID_PRIVS.includes(v)) fail(`invalid privilege '${v}'\n`);
});
registerFormat('pve-groupid', (v) => {
  if (!/^[A-Za-z0-9.\-_]+$/.test(v)) fail(`group name '${v}' contains invalid characters\n`);
});
registerFormat('pve-roleid', (v) => {
  if (!/^[A-Za-z0-9.\-_]+$/.test(v)) fail(`role name '${v}' contains invalid characters\n`);
});
registerFormat('pve-poolid', (v) => {
  if (v.split('/').length > 3) fail(`pool name '${v}' nested too deeply (max levels = 3)\n`);
  if (!/^[A-Za-z0-9.\-_]+(?:\/[A-Za-z0-9.\-_]+){0,2}$/.test(v))
    fail(`pool name '${v}' contains invalid characters\n`);
});
