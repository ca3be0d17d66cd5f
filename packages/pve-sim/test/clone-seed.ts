import { classroomSeed } from '../src/seeds/classroom.js';
import type { SimSeed } from '../src/seeds/types.js';

/**
 * The classroom seed plus storages of every kind clone cares about and templates on them:
 * 9100 on shared NFS (dir plugin, raw base), 9200 on ZFS, 9300 on thick LVM (no base volumes),
 * and users with the roles the permission tests need (password 'password1').
 */
export const CLONE_PASSWORD = 'password1';

export function cloneSeed(): SimSeed {
  const seed = structuredClone(classroomSeed);
  const GiB = 1024 ** 3;
  seed.storages.push(
    {
      id: 'nfs-images',
      type: 'nfs',
      content: ['images'],
      shared: true,
      total: 1000 * GiB,
      used: 0,
    },
    { id: 'tank', type: 'zfspool', content: ['images'], total: 500 * GiB, used: 0 },
    { id: 'thick', type: 'lvm', content: ['images'], total: 500 * GiB, used: 0 },
  );
  const tpl = (vmid: number, name: string, scsi0: string) => ({
    vmid,
    node: 'pve1',
    name,
    guest: { installed: true, os: 'linux' as const },
    config: {
      agent: '1',
      memory: '2048',
      net0: 'virtio=BC:24:11:AA:BB:CC,bridge=vmbr0',
      ostype: 'l26',
      scsi0,
      scsihw: 'virtio-scsi-single',
      smbios1: 'uuid=11111111-2222-3333-4444-555555555555',
      template: 1,
    },
  });
  seed.vms?.push(
    tpl(9100, 'nfs-template', 'nfs-images:9100/base-9100-disk-0.raw,size=8G'),
    tpl(9200, 'zfs-template', 'tank:base-9200-disk-0,size=8G'),
    tpl(9300, 'lvm-template', 'thick:vm-9300-disk-0,size=8G'),
  );
  const user = (userid: string) => ({ userid, password: CLONE_PASSWORD });
  seed.users?.push(
    user('cloner@pve'),
    user('nostorage@pve'),
    user('viewer@pve'),
    user('vmuser@pve'),
    user('nobody@pve'),
  );
  // A resource pool for class VMs (the builder audits it through PVEAuditor on /).
  seed.resourcePools = [{ poolid: 'class-2b', comment: 'Biology 2B' }];
  seed.acl?.push(
    // May clone templates but not allocate new VMIDs.
    { path: '/vms/9000', role: 'PVETemplateUser', ugid: 'cloner@pve' },
    // Everything on VMs but no storage rights.
    { path: '/vms', role: 'PVEVMAdmin', ugid: 'nostorage@pve' },
    { path: '/sdn/zones', role: 'PVESDNUser', ugid: 'nostorage@pve' },
    // PVEAuditor: VM.Audit + VM.GuestAgent.Audit; PVEVMUser: guest agent Audit/File*, no Unrestricted.
    { path: '/', role: 'PVEAuditor', ugid: 'viewer@pve' },
    { path: '/vms', role: 'PVEVMUser', ugid: 'vmuser@pve' },
  );
  return seed;
}
