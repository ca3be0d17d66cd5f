import type { PreflightResponse } from '@labforge/contracts';

type Check = PreflightResponse['checks'][number];

/** What each permission lets LabForge do, for the privilege checks (`privileges:<what>`). */
const PERMISSION_WORDS: Record<string, string> = {
  'privileges:vm': 'create and set up VMs',
  'privileges:storage': 'put disks on the chosen storage',
  'privileges:iso-storage': 'read the ISO storage',
  'privileges:bridge': 'use the network bridge',
  'privileges:download': 'download the Windows drivers',
  'privileges:guest-agent': 'run post-deployment scripts in the VMs (through the QEMU guest agent)',
};

function virtioWords(message: string): string {
  if (/download/.test(message)) return 'The Windows drivers (VirtIO) will be downloaded first.';
  if (/without drivers/.test(message))
    return 'No Windows drivers (VirtIO) found: the VM gets slower, widely supported hardware.';
  return 'The Windows drivers (VirtIO) will be attached.';
}

/**
 * A dry-run line in a teacher's words. The server's message names Proxmox privileges, volume
 * ids and parameter counts; that stays in the admin's "Details". Lines this page does not know
 * keep the server's message (those are already written for people).
 */
export function checkWords(check: Check): string {
  const permission = PERMISSION_WORDS[check.name];
  if (permission) {
    if (check.ok) return `LabForge may ${permission}.`;
    if (check.name === 'privileges:download')
      return 'LabForge may not download the Windows drivers: it will fetch them another way or build without them.';
    if (check.name === 'privileges:guest-agent')
      return 'LabForge may not run post-deployment scripts in VMs (the QEMU guest agent): the build works, but ask an administrator if you want scripts.';
    return `LabForge's Proxmox account may not ${permission}: ask an administrator.`;
  }
  switch (check.name) {
    case 'privileges':
      return check.ok
        ? 'LabForge checked its permissions.'
        : 'LabForge could not check its permissions: ask an administrator.';
    case 'iso':
      return check.ok ? 'The ISO image can be read.' : check.message;
    case 'virtio':
      return virtioWords(check.message);
    case 'config':
      return check.ok ? 'The settings make a valid VM.' : check.message;
    default:
      return check.message;
  }
}
