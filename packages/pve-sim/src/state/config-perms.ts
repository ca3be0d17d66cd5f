import { die } from '../http/errors.js';
import type { ClusterState } from './cluster.js';
import { requirePrivs } from './permissions.js';
import type { Identity } from './types.js';

/** qemu-server check_vm_modify_config_perm: which privilege each config option needs. */
const GROUPS: [string, string[]][] = [
  [
    'VM.Config.CPU',
    ['affinity', 'cores', 'cpu', 'cpulimit', 'cpuunits', 'numa', 'smp', 'sockets', 'vcpus'],
  ],
  ['VM.Config.Memory', ['balloon', 'hugepages', 'keephugepages', 'memory', 'shares']],
  [
    'VM.Config.HWType',
    [
      'acpi',
      'audio0',
      'hotplug',
      'kvm',
      'machine',
      'rng0',
      'scsihw',
      'smbios1',
      'spice_enhancements',
      'tablet',
      'vga',
      'vmgenid',
      'watchdog',
    ],
  ],
  [
    'VM.Config.Options',
    [
      'agent',
      'autostart',
      'bios',
      'description',
      'keyboard',
      'localtime',
      'migrate_downtime',
      'migrate_speed',
      'name',
      'onboot',
      'ostype',
      'protection',
      'reboot',
      'startdate',
      'startup',
      'tags',
      'tdf',
      'template',
    ],
  ],
  ['VM.PowerMgmt', ['freeze']],
  ['VM.Config.Disk', ['boot', 'bootdisk', 'vmstatestorage']],
  [
    'VM.Config.Cloudinit',
    [
      'cicustom',
      'cipassword',
      'citype',
      'ciupgrade',
      'ciuser',
      'nameserver',
      'searchdomain',
      'sshkeys',
    ],
  ],
];

const PRIV_OF = new Map<string, string>();
for (const [priv, keys] of GROUPS) for (const k of keys) PRIV_OF.set(k, priv);

export const DRIVE_OPTION = /^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\d+$/;

/** Throws PVE's 403 (or "only root can set" 500) for the first option the caller may not set. */
export function checkConfigPerms(
  c: ClusterState,
  id: Identity,
  vmid: number,
  keys: string[],
): void {
  const path = `/vms/${vmid}`;
  for (const key of keys) {
    if (DRIVE_OPTION.test(key)) continue;
    const priv = PRIV_OF.get(key);
    if (priv) requirePrivs(c, id, path, [priv]);
    else if (/^net\d+$/.test(key)) requirePrivs(c, id, path, ['VM.Config.Network']);
    else if (/^ipconfig\d+$/.test(key)) requirePrivs(c, id, path, ['VM.Config.Network']);
    else if (/^numa\d+$/.test(key)) requirePrivs(c, id, path, ['VM.Config.CPU']);
    else if (/^serial\d+$/.test(key)) requirePrivs(c, id, path, ['VM.Config.HWType']);
    else throw die(`only root can set '${key}' config\n`);
  }
}

/** Create/update parameters that are not config options. */
export const NON_CONFIG_PARAMS = new Set([
  'node',
  'vmid',
  'archive',
  'storage',
  'force',
  'unique',
  'live-restore',
  'pool',
  'bwlimit',
  'start',
  'ha-managed',
  'import-working-storage',
  'digest',
  'delete',
  'revert',
  'skiplock',
  'background_delay',
]);
