import type { SeedStorage, SeedVolume, SimSeed } from '@labforge/pve-sim';
import { classroomSeed } from '@labforge/pve-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { createBuilderEngine } from '../src/index.js';
import { GiB } from './support/seeds.js';
import { startEnv, type SimEnv } from './support/sim-env.js';

/**
 * The engine's reads per node, proved with the simulator's worker metrics (counted with the
 * pools unbounded, so they show the demand LabForge makes, not the simulator's limit).
 */
interface PoolMetrics {
  maxInFlight: number;
  served: number;
}
interface Metrics {
  nodes: Record<string, { pveproxy: PoolMetrics; pvedaemon: PoolMetrics }>;
}

/** `n` nodes; `busy` (pve1) has 8 node-local ISO storages, the others `local` plus shared ones. */
function wideSeed(n: number): SimSeed {
  const base = structuredClone(classroomSeed);
  const names = Array.from({ length: n }, (_, i) => `pve${i + 1}`);
  const local = (id: string, nodes?: string[]): SeedStorage => ({
    id,
    type: 'dir',
    content: ['iso'],
    path: `/var/lib/${id}`,
    total: 100 * GiB,
    used: 10 * GiB,
    ...(nodes ? { nodes } : {}),
  });
  const extra = Array.from({ length: 7 }, (_, k) => local(`iso-extra-${k}`, ['pve1']));
  const shared: SeedStorage[] = ['nfs-a', 'nfs-b', 'nfs-c'].map((id) => ({
    id,
    type: 'nfs',
    content: ['iso'],
    shared: true,
    path: `/mnt/pve/${id}`,
    total: 1000 * GiB,
    used: 10 * GiB,
  }));
  const storages = [local('local'), ...extra, ...shared];
  const files: SeedVolume[] = [
    ...names.map((node) => ({ volid: `local:iso/${node}.iso`, size: 1000, node })),
    ...extra.map((s) => ({ volid: `${s.id}:iso/${s.id}.iso`, size: 1000, node: 'pve1' })),
    ...shared.map((s) => ({ volid: `${s.id}:iso/${s.id}.iso`, size: 1000 })),
  ];
  return {
    ...base,
    nodes: names.map((name) => ({ name, maxcpu: 8, maxmem: 32 * GiB, mem: 4 * GiB })),
    storages,
    files,
    bridges: Object.fromEntries(names.map((x) => [x, [{ iface: 'vmbr0' }]])),
  };
}

describe('Proxmox reads bounded per node', () => {
  let env: SimEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  async function discover(
    perNode?: number,
  ): Promise<{ metrics: Metrics; isos: number; nodes: number }> {
    env = await startEnv({ seed: wideSeed(30) });
    // Every call holds its (unbounded) worker for 30 ms, so reads sent together overlap.
    await env.control.fault({ path: '/**', effect: { type: 'delay', ms: 30 } });
    const engine =
      perNode === undefined
        ? env.engine
        : createBuilderEngine({ ...env.cluster, reads: { perNode } }, { isoCacheTtlMs: 0 });
    await env.control.call('DELETE', '/_sim/metrics');
    const listing = await engine.listIsos({ refresh: true });
    const metrics = await env.control.call<Metrics>('GET', '/_sim/metrics');
    return { metrics, isos: listing.isos.length, nodes: listing.nodes.length };
  }

  const daemon = (m: Metrics, node: string) => m.nodes[node]?.pvedaemon ?? { maxInFlight: 0 };

  it('discovery at 30 nodes keeps at most 3 reads in flight on any node and uses them all', async () => {
    const { metrics, isos, nodes } = await discover();
    expect(nodes).toBe(30);
    expect(isos).toBe(30 + 7 + 3);
    const maxima = Object.keys(metrics.nodes).map((n) => daemon(metrics, n).maxInFlight);
    expect(Math.max(...maxima)).toBe(3);
    // pve1's 8 local storages waited on pve1 only: the other nodes read at the same time.
    expect(maxima.filter((m) => m >= 1).length).toBe(30);
    expect(await env!.nonConforming()).toEqual([]);
  });

  it('shared storages are read on the least busy node, not on the busy one', async () => {
    const { metrics } = await discover();
    // pve1 served its 8 own storages (plus at most its own `local`) and no shared read.
    expect(daemon(metrics, 'pve1')).toMatchObject({ served: 8 });
  });

  it('the bound per node is configurable per cluster', async () => {
    const { metrics, isos } = await discover(1);
    expect(isos).toBe(40);
    for (const node of Object.keys(metrics.nodes)) {
      expect(daemon(metrics, node).maxInFlight).toBeLessThanOrEqual(1);
    }
  });
});
