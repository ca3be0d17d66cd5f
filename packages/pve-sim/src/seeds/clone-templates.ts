import type { SimSeed } from './types.js';

const GiB = 1024 ** 3;

/**
 * Adds what class deployments are tested against: a shared NFS image storage with template 9100
 * (raw base: linked clones on every node) and a thick LVM storage with template 9300 (no base
 * volumes: full clones only), both on pve1 with an installed Linux guest and its agent enabled.
 * Mutates and returns `seed`.
 */
export function withCloneTemplates(
  seed: SimSeed,
  opts: { nfsTotal?: number; memoryMb?: number; tags?: string } = {},
): SimSeed {
  seed.storages.push(
    {
      id: 'nfs-images',
      type: 'nfs',
      content: ['images'],
      shared: true,
      total: opts.nfsTotal ?? 1000 * GiB,
      used: 0,
    },
    { id: 'thick', type: 'lvm', content: ['images'], total: 500 * GiB, used: 0 },
  );
  const template = (vmid: number, name: string, scsi0: string) => ({
    vmid,
    node: 'pve1',
    name,
    guest: { installed: true, os: 'linux' as const },
    config: {
      agent: '1',
      memory: String(opts.memoryMb ?? 2048),
      net0: 'virtio=BC:24:11:AA:BB:CC,bridge=vmbr0',
      ostype: 'l26',
      scsi0,
      scsihw: 'virtio-scsi-single',
      smbios1: 'uuid=11111111-2222-3333-4444-555555555555',
      ...(opts.tags ? { tags: opts.tags } : {}),
      template: 1,
    },
  });
  seed.vms = [
    ...(seed.vms ?? []),
    template(9100, 'nfs-template', 'nfs-images:9100/base-9100-disk-0.raw,size=8G'),
    template(9300, 'lvm-template', 'thick:vm-9300-disk-0,size=8G'),
  ];
  return seed;
}
