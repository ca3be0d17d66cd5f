import type { SimSeed } from '@labforge/pve-sim';
import { BuilderError } from '../src/index.js';
import { benchSeed } from './bench-seed.js';
import { RTT_MS, startBenchSim, startThreadedBenchSim } from './bench-sim.js';
import { emit, median, ms, rtt, time } from './rows.js';
import { againstTarget, benchContext, taskEndRow } from './job-context.js';
import { startSlowFileServer } from './slow-file-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VMS_PER_NODE = 10;
/** The ISO half the bench's VMs have in their CD/DVD drive (the other half: a local one). */
const IN_USE = 'nfs-a:iso/shared-nfs-a-0.iso';

/**
 * Adding an ISO by URL (the iso-download job) into shared storage on 3 nodes: its wall time
 * minus the download task it waited on, and how late it saw the task end.
 */
export async function isoDownloadOverhead(): Promise<void> {
  const files = await startSlowFileServer();
  const b = await startBenchSim(benchSeed(3), { taskSpeed: 1 });
  const req = (name: string) => ({
    url: files.url(name),
    storage: 'nfs-a',
    checksum: files.sha256,
    checksum_algorithm: 'sha256' as const,
  });
  try {
    // One download first on an engine of its own: connections, JIT, the simulator's first calls.
    await b.engine().jobs['iso-download'].run(req('bench-warm.iso'), benchContext('warm'));
    b.tasks.clear();
    // The measured one: a fresh engine whose library page has just been read (the form is on it).
    const engine = b.engine({ isoCacheTtlMs: 15_000 });
    await engine.isoLibrary();
    const ctx = benchContext('bench-download');
    const journal = b.sim.sim.journal;
    const before = journal.since(0).at(-1)?.seq ?? 0;
    const [wall] = await time(() => engine.jobs['iso-download'].run(req('bench-one.iso'), ctx));
    const calls = journal.since(before);
    const count = (re: RegExp) => calls.filter((c) => re.test(c.path)).length;
    const polls = count(/\/tasks\/[^/]+\/(status|log)$/);
    const listings = count(/\/storage\/[^/]+\/content$/);
    const task = [...b.tasks.values()].find((t) => t.type === 'download');
    const taskMs = task?.end !== undefined ? task.end - task.start : NaN;
    const seen = ctx.events.find(
      ({ e }) => e.type === 'step' && e.step === 'download-iso' && e.status === 'done',
    )?.at;
    const late = seen !== undefined && task?.end !== undefined ? seen - task.end : NaN;
    const overhead = wall - taskMs;
    const target = 3 * RTT_MS + 100;
    emit({
      area: 'ISO library',
      figure: `add by URL (iso-download, ${(files.size / 1024 ** 2).toFixed(0)} MiB, sha256, shared storage, 3 nodes): wall ${ms(wall)} minus download task ${ms(taskMs)}; ${calls.length} Proxmox calls, ${listings} storage content listings, ${polls} task status/log`,
      value: `${ms(overhead)} = ${rtt(overhead, RTT_MS)}`,
      compared: `target 3 RTT (targets + permissions, query-url-metadata, download-url) + 100 ms = ${ms(target)}`,
      result: againstTarget(overhead, target),
    });
    emit(
      taskEndRow('ISO library', 'add by URL: download end -> download-iso step done', late, taskMs),
    );
  } finally {
    await b.close();
    await files.close();
  }
}

/** The bench cluster with VMS_PER_NODE VMs per node, each with an ISO in its CD/DVD drive. */
function librarySeed(n: number): SimSeed {
  const seed = benchSeed(n);
  seed.vms = seed.nodes.flatMap((node, i) =>
    Array.from({ length: VMS_PER_NODE }, (_, k) => ({
      vmid: 1000 + i * VMS_PER_NODE + k,
      node: node.name,
      name: `vm-${node.name}-${k}`,
      config: {
        memory: 2048,
        ostype: 'l26',
        ide2: `${k % 2 === 0 ? IN_USE : `local:iso/${node.name}-image-0.iso`},media=cdrom`,
      },
    })),
  );
  return seed;
}

/**
 * What a teacher waits on in the ISO library at `n` nodes, the simulator in a worker thread:
 * the page (every ISO with the VMs using it: discovery and every VM config) against discovery
 * alone, and a refused removal (the ISO is in use) against the page's same reads.
 */
export async function libraryReferences(n: number): Promise<void> {
  const b = await startThreadedBenchSim(librarySeed(n), { taskSpeed: 1000 });
  try {
    const engine = b.engine(); // no cache: every read is the cold one a teacher meets
    await engine.isoLibrary(); // connections, JIT
    const where = { storage: 'nfs-a', name: IN_USE.slice('nfs-a:iso/'.length) };
    const disc: number[] = [];
    const page: number[] = [];
    const guard: number[] = [];
    let isos = 0;
    let users = 0;
    let refusal = '';
    let busy = 0;
    for (let i = 0; i < RUNS; i++) {
      disc.push((await time(() => engine.listIsos({ refresh: true })))[0]);
      const elu = performance.eventLoopUtilization();
      const [t, view] = await time(() => engine.isoLibrary({ refresh: true }));
      const used = performance.eventLoopUtilization(elu);
      busy += used.active;
      page.push(t);
      isos = view.isos.length;
      users = view.isos.find((x) => x.volid === IN_USE)?.used_by.length ?? 0;
      // As the API's DELETE route: one locate, its permission check, the guarded removal.
      const [g, err] = await time(async () => {
        try {
          await engine.removeIso({ ...where, authorise: () => undefined });
          return 'removed (unexpected)';
        } catch (e) {
          return e instanceof BuilderError ? `${e.status}` : String(e);
        }
      });
      guard.push(g);
      refusal = err;
    }
    const [d, p, g] = [median(disc), median(page), median(guard)];
    const vms = n * VMS_PER_NODE;
    // The engine's read bounds (3 per node, 64 in all) in rounds, after /cluster/resources.
    const rounds = Math.ceil(Math.max(VMS_PER_NODE / 3, vms / 64));
    const refsFloor = (1 + rounds) * RTT_MS;
    const pageSum = page.reduce((a, x) => a + x, 0);
    emit({
      area: 'ISO library',
      figure: `page, cold: ${isos} ISOs with the VMs using each, ${n} nodes, ${vms} VM configs (${VMS_PER_NODE}/node); median of ${RUNS}; engine's event loop busy ${((100 * busy) / pageSum).toFixed(0)}% of it`,
      value: `${ms(p)} = ${rtt(p, RTT_MS)}`,
      compared: `ISO discovery alone ${ms(d)} = ${rtt(d, RTT_MS)}; references' floor (3 reads/node, 64 in all) 1 + ${rounds} RTT = ${ms(refsFloor)}`,
      result: `${(p / Math.max(d, refsFloor)).toFixed(2)}x max(discovery, references floor)`,
    });
    emit({
      area: 'ISO library',
      figure: `remove refused: ISO in use by ${users} VMs, ${n} nodes (one locate with fresh references beside it, then the API's permission rule, as its DELETE); median of ${RUNS}`,
      value: `${ms(g)} = ${rtt(g, RTT_MS)}, answer ${refusal}`,
      compared: `the page's same reads at once ${ms(p)}`,
      result: `${(g / p).toFixed(1)}x`,
    });
  } finally {
    await b.close();
  }
}
