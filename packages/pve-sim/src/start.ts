import type { AddressInfo } from 'node:net';
import { type BuildOptions, buildSimulator } from './app.js';
import type { Simulator } from './simulator.js';

export interface StartOptions extends BuildOptions {
  port?: number;
  host?: string;
  /** Start the per-node SSH server on this port (0 = any free port). */
  sshPort?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  fingerprint?: string;
  /** SSH: `port` is the first node's; `nodes` maps every node to its own port. */
  ssh?: { port: number; hostKeyFingerprint: string; nodes: Record<string, number> };
  sim: Simulator;
  close(): Promise<void>;
}

export async function startSimulator(opts: StartOptions = {}): Promise<RunningSimulator> {
  const built = await buildSimulator(opts);
  const host = opts.host ?? '127.0.0.1';
  await built.app.listen({ port: opts.port ?? 0, host });
  const port = (built.app.server.address() as AddressInfo).port;
  const scheme = opts.https ? 'https' : 'http';
  const closers: (() => Promise<void>)[] = [];
  const running: RunningSimulator = {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    sim: built.sim,
    close: async () => {
      built.sim.consoles.closeAll();
      await built.sim.tasks.drain();
      for (const c of closers) await c();
      await built.app.close();
    },
  };
  if (built.fingerprint) running.fingerprint = built.fingerprint;
  if (opts.sshPort !== undefined) {
    const { startSshServer } = await import('./ssh/server.js');
    const ssh = await startSshServer(built.sim, { port: opts.sshPort, host });
    running.ssh = { port: ssh.port, hostKeyFingerprint: ssh.hostKeyFingerprint, nodes: ssh.nodes };
    closers.push(ssh.close);
  }
  return running;
}
