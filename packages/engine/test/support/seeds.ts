import { classroomSeed, withCloneTemplates, type SimSeed } from '@labforge/pve-sim';

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
    withCloneTemplates(seed, { tags: 'ubuntu' });
  });
}
