/**
 * The engine's figures against a simulator that queues like PVE (3 pveproxy + 3 pvedaemon
 * workers per node, BENCH_LATENCY_MS handling time per call = 1 RTT, BENCH_HOP_MS per forwarded
 * call). Prints rows; with BENCH_OUT they also go to the root bench's table. ISO discovery runs
 * the simulator in a worker thread (its CPU is not the engine's, as with a real Proxmox); the
 * build, bulk, deploy and ISO download benches keep it in this process, where they watch its
 * tasks start and end. BENCH_ONLY (e.g. `deploy,library`) runs only those groups.
 */
import { HOP_MS, RTT_MS } from './bench-sim.js';
import { discoveryCold, discoveryWarmAndRefresh } from './discovery.js';
import { deployClass } from './deploy.js';
import { buildOverhead, bulkThirty } from './jobs.js';
import { isoDownloadOverhead, libraryReferences } from './library.js';

const sizes = (process.env.BENCH_NODES ?? '3,10,30,100').split(',').map(Number);
console.log(
  `engine bench: 1 RTT = ${RTT_MS} ms handling per call, ${HOP_MS} ms per proxied hop, 3+3 workers per node, Node ${process.version}`,
);
const only = process.env.BENCH_ONLY?.split(',');
const runs = (group: string) => !only || only.includes(group);
if (runs('discovery')) {
  for (const n of sizes) await discoveryCold(n);
  if (sizes.includes(30)) await discoveryCold(30, { inProcess: true });
  await discoveryWarmAndRefresh(30);
}
if (runs('build')) {
  await buildOverhead();
  await bulkThirty();
}
if (runs('deploy')) await deployClass();
if (runs('library')) {
  await isoDownloadOverhead();
  // What a teacher waits on in the library at 3 and 30 nodes, whatever BENCH_NODES says.
  for (const n of [3, 30]) await libraryReferences(n);
}
