import type { SimSeed, SeedStorage, SeedVolume } from '@labforge/pve-sim';

const GiB = 1024 ** 3;
export const BENCH_TOKEN = {
  tokenid: 'root@pam!bench',
  secret: '6c1d7f0e-2b8a-4f3c-9d5e-1a2b3c4d5e6f',
};

/**
 * A cluster of `n` nodes with 3 to 5 storages each: `local` (dir, ISOs) and `local-lvm`
 * (images) on every node, plus 1 to 3 shared ISO storages: `nfs-a` on every node, `nfs-b` on
 * three nodes in four, `cephfs-c` on two in four.
 */
export function benchSeed(n: number): SimSeed {
  const nodes = Array.from({ length: n }, (_, i) => ({
    name: `pve${i + 1}`,
    maxcpu: 16,
    maxmem: 64 * GiB,
    mem: (8 + (i % 7) * 4) * GiB,
  }));
  const names = nodes.map((x) => x.name);
  const shared = ['nfs-a', 'nfs-b', 'cephfs-c'];
  const all: SeedStorage[] = [
    {
      id: 'local',
      type: 'dir',
      content: ['iso', 'vztmpl', 'backup'],
      path: '/var/lib/vz',
      total: 100 * GiB,
      used: 20 * GiB,
    },
    {
      id: 'local-lvm',
      type: 'lvmthin',
      content: ['images', 'rootdir'],
      total: 400 * GiB,
      used: 40 * GiB,
    },
    ...shared.map((id, k): SeedStorage => ({
      id,
      type: id.startsWith('cephfs') ? 'cephfs' : 'nfs',
      content: ['iso'],
      shared: true,
      // Node i sees shared storages 0..(i % 4), so nodes have 3 to 5 storages.
      nodes: names.filter((_, i) => k === 0 || i % 4 >= k),
      path: `/mnt/pve/${id}`,
      total: 2048 * GiB,
      used: 100 * GiB,
    })),
  ];
  const storages = all.filter((s) => s.nodes === undefined || s.nodes.length > 0);
  const files: SeedVolume[] = [];
  for (const node of names) {
    for (let f = 0; f < 5; f++)
      files.push({ volid: `local:iso/${node}-image-${f}.iso`, size: 700_000_000 + f, node });
  }
  for (const s of storages.filter((x) => x.shared)) {
    for (let f = 0; f < 10; f++)
      files.push({ volid: `${s.id}:iso/shared-${s.id}-${f}.iso`, size: 1_000_000_000 + f });
  }
  return {
    clusterName: `bench-${n}`,
    nodes,
    storages,
    files,
    bridges: Object.fromEntries(names.map((x) => [x, [{ iface: 'vmbr0' }]])),
    users: [{ userid: 'root@pam', password: 'bench-root' }],
    tokens: [{ tokenid: BENCH_TOKEN.tokenid, secret: BENCH_TOKEN.secret, privsep: false }],
  };
}
