import { buildRequestSchema, bulkBuildRequestSchema } from '@labforge/contracts';
import { benchSeed } from './bench-seed.js';
import { RTT_MS, startBenchSim } from './bench-sim.js';
import { emit, ms, rtt, time } from './rows.js';
import { againstTarget, benchContext, taskEndRow } from './job-context.js';

/** Task speed-ups: a single build's qmcreate takes ~2 s (PVE-like), the bulk's ~0.5 s. */
const BUILD_TASK_SPEED = 1;
const BULK_TASK_SPEED = 4;
const BULK_COUNT = 30;
const PER_NODE_BUILDS = 2;

const common = {
  os_type: 'ubuntu',
  iso_file: 'nfs-a:iso/shared-nfs-a-0.iso',
  cpu_cores: 1,
  memory_mb: 2048,
  disk_size_gb: 8,
  storage: 'local-lvm',
  network_bridge: 'vmbr0',
} as const;
const request = (name: string) => buildRequestSchema.parse({ ...common, vm_name: name });

/** One build: its wall time minus the Proxmox task time it waited on; how late the end was seen. */
export async function buildOverhead(): Promise<void> {
  const b = await startBenchSim(benchSeed(3), { taskSpeed: BUILD_TASK_SPEED });
  try {
    // One build first on an engine of its own: connections, JIT, the simulator's first calls.
    const warm = b.engine({ isoCacheTtlMs: 15_000 });
    await warm.listIsos({});
    await warm.jobs.build.run(request('bench-warm'), benchContext('bench-warm'));
    b.tasks.clear();
    // The measured build: a fresh engine (no version, CPU models or VMID read yet), with the
    // API's cache lifetime: the teacher's form has just read the ISOs.
    const engine = b.engine({ isoCacheTtlMs: 15_000 });
    await engine.listIsos({});
    const ctx = benchContext('bench-build');
    const journal = b.sim.sim.journal;
    const before = journal.since(0).at(-1)?.seq ?? 0;
    const [wall] = await time(() => engine.jobs.build.run(request('bench-one'), ctx));
    const calls = journal.since(before);
    const polls = calls.filter((c) => /\/tasks\/[^/]+\/(status|log)$/.test(c.path)).length;
    const tasks = [...b.tasks.values()];
    const taskMs = tasks.reduce((s, t) => s + ((t.end ?? t.start) - t.start), 0);
    const create = tasks.find((t) => t.type === 'qmcreate');
    const seen = ctx.events.find(
      ({ e }) => e.type === 'step' && e.step === 'create' && e.status === 'done',
    )?.at;
    const createMs = create?.end !== undefined ? create.end - create.start : NaN;
    const late = seen !== undefined && create?.end !== undefined ? seen - create.end : NaN;
    const overhead = wall - taskMs;
    emit({
      area: 'Build',
      figure: `overhead: wall ${ms(wall)} minus task time ${ms(taskMs)} (${tasks.map((t) => t.type).join(', ')}); ${calls.length} Proxmox calls, ${polls} of them task status/log`,
      value: `${ms(overhead)} = ${rtt(overhead, RTT_MS)}`,
      compared: `target 3 RTT + 100 ms = ${ms(3 * RTT_MS + 100)}`,
      result: againstTarget(overhead, 3 * RTT_MS + 100),
    });
    emit(taskEndRow('Build', 'qmcreate end -> create step done', late, createMs));
  } finally {
    await b.close();
  }
}

/** 30 VMs on 3 nodes: wall time against waves x one build, for the per-node bound. */
export async function bulkThirty(): Promise<void> {
  const b = await startBenchSim(benchSeed(3), { taskSpeed: BULK_TASK_SPEED });
  try {
    const engine = b.engine({ perNodeBuildConcurrency: PER_NODE_BUILDS, isoCacheTtlMs: 15_000 });
    await engine.listIsos({});
    const [single] = await time(() =>
      engine.jobs.build.run(request('bench-single'), benchContext('s')),
    );
    const req = bulkBuildRequestSchema.parse({
      ...common,
      count: BULK_COUNT,
      name_pattern: 'bulk-{nn}',
    });
    const [wall, out] = await time(() => engine.jobs.bulk.run(req, benchContext('bench-bulk')));
    const ok = out.items.filter((i) => i.ok);
    const vmids = ok.map((i) => i.vmid);
    const dupes = vmids.length - new Set(vmids).size;
    const perNode = new Map<string, number>();
    for (const i of ok) perNode.set(i.node ?? '?', (perNode.get(i.node ?? '?') ?? 0) + 1);
    const waves = Math.max(...[...perNode.values()].map((c) => Math.ceil(c / PER_NODE_BUILDS)));
    const ideal = waves * single;
    const spread = [...perNode.entries()]
      .sort()
      .map(([n, c]) => `${n} ${c}`)
      .join(', ');
    emit({
      area: 'Bulk',
      figure: `${BULK_COUNT} VMs on 3 nodes (${spread}), ${PER_NODE_BUILDS} builds/node`,
      value: `${ms(wall)}, ${ok.length}/${BULK_COUNT} ok, ${dupes} duplicate VMIDs`,
      compared: `ideal ${waves} waves x one build ${ms(single)} = ${ms(ideal)}`,
      result: `${(wall / ideal).toFixed(2)}x ideal (target <= 1.3x, 0 duplicates)`,
    });
  } finally {
    await b.close();
  }
}
