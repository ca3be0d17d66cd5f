#!/usr/bin/env node
import { USAGE, parseCliArgs } from './cli-args.js';
import { startSimulator } from './start.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const opts = parseCliArgs(argv, process.env);
  const sim = await startSimulator(opts);
  console.log(
    `pve-sim listening on ${sim.url} (seed: ${typeof opts.seed === 'string' ? opts.seed : 'custom'}, task speed ${opts.taskSpeed})`,
  );
  console.log(`API: ${sim.url}/api2/json   control plane: ${sim.url}/_sim/health`);
  const w = sim.sim.workers.limits;
  console.log(
    `API workers per node: pveproxy ${w.pveproxy || 'unbounded'}, pvedaemon ${w.pvedaemon || 'unbounded'}; proxy hop ${sim.sim.proxyHopMs} ms`,
  );
  if (sim.fingerprint) console.log(`TLS certificate SHA-256 fingerprint: ${sim.fingerprint}`);
  if (sim.ssh) {
    console.log(`SSH host key fingerprint: ${sim.ssh.hostKeyFingerprint}`);
    for (const [node, port] of Object.entries(sim.ssh.nodes))
      console.log(`SSH ${node}: port ${port}`);
  }
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`pve-sim: ${err instanceof Error ? err.message : String(err)}`);
  console.error(USAGE);
  process.exit(1);
});
