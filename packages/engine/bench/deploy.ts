import type { DeployJobRequest } from '@labforge/contracts';
import { withCloneTemplates } from '@labforge/pve-sim';
import type { BuildEvent, DeployOutcome } from '../src/index.js';
import { benchSeed } from './bench-seed.js';
import { RTT_MS, startBenchSim, type BenchSim } from './bench-sim.js';
import { emit, ms, rtt, time } from './rows.js';
import { benchContext } from './job-context.js';

/** The engine's default deploy bounds, passed explicitly so the ideal below uses the same ones. */
const PER_NODE = 3;
const PER_STORAGE = 2;
const CLASS_SIZE = 30;
/** Template 9100 of withCloneTemplates: a raw base on shared NFS, linked clones on every node. */
const TEMPLATE = 9100;
/**
 * How long one linked clone holds the shared storage's cluster lock (cfs-lock 'storage-X' around
 * qemu-img create of its overlay), in the simulator: PVE serialises that part of every clone.
 */
const LOCK_HOLD_MS = 200;

/** One VM's own time in a job: its first step starting to its last step ending. */
function itemSpan(events: ReadonlyArray<{ at: number; e: BuildEvent }>): number {
  const own = events.filter(({ e }) => e.type === 'step' && e.item !== undefined);
  return (own.at(-1)?.at ?? NaN) - (own[0]?.at ?? NaN);
}

const request = (count: number, prefix: string): DeployJobRequest => ({
  template_vmid: TEMPLATE,
  class_name: `bench ${prefix}`,
  count,
  name_pattern: `${prefix}-{nn}`,
  start: false,
});

/** Waves the bounds allow: the most any node or any storage has to run, in turns of its bound. */
function waves(out: DeployOutcome, storageKey: string): { waves: number; words: string } {
  const perNode = new Map<string, number>();
  for (const i of out.items) perNode.set(i.node ?? '?', (perNode.get(i.node ?? '?') ?? 0) + 1);
  const nodeWaves = Math.max(...[...perNode.values()].map((c) => Math.ceil(c / PER_NODE)));
  // Every clone's disk goes to the template's shared storage: one storage key for all.
  const storageWaves = Math.ceil(out.items.length / PER_STORAGE);
  const spread = [...perNode.entries()]
    .sort()
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');
  return {
    waves: Math.max(nodeWaves, storageWaves),
    words: `${spread}; ${storageWaves} waves of ${PER_STORAGE} on ${storageKey}, ${nodeWaves} of ${PER_NODE}/node`,
  };
}

/** Highest number of qmclone tasks running at once since `from` (the simulator's own times). */
function maxConcurrentClones(b: BenchSim, from: number): number {
  const edges: Array<[number, number]> = [];
  for (const t of b.tasks.values()) {
    if (t.type !== 'qmclone' || t.start < from) continue;
    edges.push([t.start, 1], [t.end ?? Infinity, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

const lockRetries = (events: ReadonlyArray<{ e: BuildEvent }>) =>
  events.filter(({ e }) => e.type === 'log' && e.line.startsWith('Proxmox lock timed out')).length;

/**
 * A class of 30 linked clones of one template on shared storage over 3 nodes, through the
 * engine's deploy job, against waves x one clone deployed alone in the same run; then the same
 * class with the per-storage bound lifted to the per-node one, against Proxmox's own floor.
 */
export async function deployClass(): Promise<void> {
  const b = await startBenchSim(withCloneTemplates(benchSeed(3)), { taskSpeed: 1 });
  try {
    b.sim.sim.storageLockHoldMs.set('nfs-images', LOCK_HOLD_MS);
    const engine = b.engine({ deploy: { perNode: PER_NODE, perStorage: PER_STORAGE } });
    // Connections, JIT and the simulator's first calls, then one clone alone: the wave's unit
    // (its own steps: VMID, clone, tags; the job's template check and plan are paid once).
    await engine.jobs.deploy.run(request(1, 'warm'), benchContext('warm'));
    const oneCtx = benchContext('one');
    const [oneJob, one] = await time(() => engine.jobs.deploy.run(request(1, 'one'), oneCtx));
    const single = itemSpan(oneCtx.events);
    const journal = b.sim.sim.journal;
    const before = journal.since(0).at(-1)?.seq ?? 0;
    const from = performance.now();
    const ctx = benchContext('class');
    const [wall, out] = await time(() => engine.jobs.deploy.run(request(CLASS_SIZE, 'lab'), ctx));
    const calls = journal.since(before);
    const ok = out.items.filter((i) => i.status === 'ok');
    const vmids = ok.map((i) => i.vmid);
    const dupes = vmids.length - new Set(vmids).size;
    const w = waves(out, 'nfs-images');
    const ideal = w.waves * single;
    const count = (re: RegExp) => calls.filter((c) => re.test(c.path)).length;
    const polls = count(/\/tasks\/[^/]+\/(status|log)$/);
    const nextid = count(/^\/cluster\/nextid$/);
    const failed = (o: DeployOutcome) => {
      const bad = o.items.filter((i) => i.status !== 'ok');
      return bad.length ? `; ${bad.length} failed: ${bad[0]?.message ?? ''}` : '';
    };
    emit({
      area: 'Deploy',
      figure: `class of ${CLASS_SIZE} linked clones, shared storage, 3 nodes (${w.words}); max ${maxConcurrentClones(b, from)} qmclone at once`,
      value: `${ms(wall)}, ${ok.length}/${CLASS_SIZE} ok, ${dupes} duplicate VMIDs`,
      compared: `ideal ${w.waves} waves x one clone alone ${ms(single)} (${one.items[0]?.status ?? '?'}; its whole job ${ms(oneJob)}) = ${ms(ideal)}`,
      result: `${(wall / ideal).toFixed(2)}x ideal (target <= 1.3x, 0 duplicates)${failed(out)}`,
    });
    emit({
      area: 'Deploy',
      figure: 'the same class: Proxmox calls per VM, lock retries',
      value: `${(calls.length / CLASS_SIZE).toFixed(1)} calls/VM (${calls.length}: ${(polls / CLASS_SIZE).toFixed(1)}/VM task status/log, ${(nextid / CLASS_SIZE).toFixed(1)}/VM nextid)`,
      compared: `${lockRetries(ctx.events)} retries on storage/cfs lock timeouts`,
      result: `${rtt(wall / CLASS_SIZE, RTT_MS)} of wall time per VM`,
    });

    // What the per-storage bound costs: the same class with only the per-node bound.
    const free = b.engine({
      deploy: { perNode: PER_NODE, perStorage: PER_NODE * 3 },
    });
    const freeCtx = benchContext('free');
    const from2 = performance.now();
    const [wall2, out2] = await time(() =>
      free.jobs.deploy.run(request(CLASS_SIZE, 'free'), freeCtx),
    );
    const floor = CLASS_SIZE * LOCK_HOLD_MS;
    const ok2 = out2.items.filter((i) => i.status === 'ok').length;
    emit({
      area: 'Deploy',
      figure: `the same class, per-storage bound lifted to ${PER_NODE * 3} (${PER_NODE}/node only); max ${maxConcurrentClones(b, from2)} qmclone at once`,
      value: `${ms(wall2)}, ${ok2}/${CLASS_SIZE} ok, ${lockRetries(freeCtx.events)} lock retries`,
      compared: `with ${PER_STORAGE}/storage ${ms(wall)}; Proxmox's storage lock alone: ${CLASS_SIZE} x ${LOCK_HOLD_MS} ms held = ${ms(floor)}`,
      result: `${(wall / wall2).toFixed(2)}x faster without the bound; ${(wall2 / floor).toFixed(2)}x the lock floor${failed(out2)}`,
    });
  } finally {
    await b.close();
  }
}
