import { classroomSeed, type SimSeed } from '@labforge/pve-sim';

/** A copy of the classroom seed, changed by `edit`. */
export function seedWith(edit: (s: SimSeed) => void): SimSeed {
  const seed = structuredClone(classroomSeed);
  edit(seed);
  return seed;
}

export const GiB = 1024 ** 3;

/**
 * VM 100 (pve1, running) and 101 (pve2, stopped) have the guest agent enabled and installed; 102
 * (pve1, running) has no `agent` option, as a template made without it.
 */
export const agentSeed = seedWith((s) => {
  for (const vm of s.vms ?? []) {
    if (vm.vmid === 100 || vm.vmid === 101) {
      vm.config = { ...vm.config, agent: '1' };
      vm.guest = { installed: true, os: 'linux', agentDelayMs: 0 };
    }
  }
  const web = s.vms?.find((v) => v.vmid === 100);
  if (web)
    s.vms?.push({
      ...structuredClone(web),
      vmid: 102,
      name: 'noagent-01',
      config: Object.fromEntries(Object.entries(web.config ?? {}).filter(([k]) => k !== 'agent')),
      guest: { installed: true, os: 'linux', agentDelayMs: 0 },
    });
});

/**
 * The classroom seed plus templates on storages clone cares about: 9100 on shared NFS (dir
 * plugin, raw base: linked clones on every node), 9300 on thick LVM (no base volumes: full
 * clones only). 9000 (classroom) sits on pve1's local LVM-thin: linked clones stay on pve1.
 */
export function deploySeed(): SimSeed {
  return seedWith((seed) => {
    seed.resourcePools = [{ poolid: 'class-2b', comment: 'Biology 2B' }];
    seed.storages.push(
      {
        id: 'nfs-images',
        type: 'nfs',
        content: ['images'],
        shared: true,
        total: 1000 * GiB,
        used: 0,
      },
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
        tags: 'ubuntu',
        template: 1,
      },
    });
    seed.vms?.push(
      tpl(9100, 'nfs-template', 'nfs-images:9100/base-9100-disk-0.raw,size=8G'),
      tpl(9300, 'lvm-template', 'thick:vm-9300-disk-0,size=8G'),
    );
  });
}
