/**
 * The bench's simulator in a worker thread of its own: Proxmox's CPU is not LabForge's, so the
 * discovery figures do not charge the simulator's request handling to the engine's event loop.
 * Started by startThreadedBenchSim; answers 'close' by closing the simulator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type SimSeed } from '@labforge/pve-sim';

interface Input {
  seed: SimSeed;
  taskSpeed: number;
  hopMs: number;
}

const input = workerData as Input;
const port = parentPort;
if (!port) throw new Error('sim-thread.ts runs as a worker thread');
const sim = await startSimulator({
  seed: input.seed,
  taskSpeed: input.taskSpeed,
  workers: 3,
  proxyHopMs: input.hopMs,
});
port.on('message', (m: unknown) => {
  if (m !== 'close') return;
  void sim.close().then(() => port.postMessage('closed'));
});
port.postMessage({ url: sim.url });
