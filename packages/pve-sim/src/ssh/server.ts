import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2, { type Connection, type ParsedKey } from 'ssh2';
import type { Simulator } from '../simulator.js';
import { runCommandLine } from './commands.js';

export interface SshServerHandle {
  /** Port of the first node. */
  port: number;
  hostKeyFingerprint: string;
  /** One listening port per node (all share the host key). */
  nodes: Record<string, number>;
  close(): Promise<void>;
}

/** OpenSSH's `SHA256:<base64 without padding>` of the public key blob. */
export function sshFingerprint(publicKey: string): string {
  const parsed = ssh2.utils.parseKey(publicKey) as ParsedKey;
  const blob = parsed.getPublicSSH();
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function authorized(sim: Simulator, ctx: ssh2.AuthContext): boolean {
  if (ctx.username !== 'root') return false;
  if (ctx.method === 'password')
    return !!sim.state.ssh.rootPassword && ctx.password === sim.state.ssh.rootPassword;
  if (ctx.method !== 'publickey') return false;
  for (const line of sim.state.ssh.authorizedKeys ?? []) {
    const key = ssh2.utils.parseKey(line);
    if (key instanceof Error) continue;
    if (ctx.key.algo !== key.type || !ctx.key.data.equals(key.getPublicSSH())) continue;
    if (!ctx.signature || !ctx.blob) return true;
    return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
  }
  return false;
}

function handleClient(sim: Simulator, node: string, client: Connection): void {
  client.on('error', () => undefined);
  if (!sim.state.nodes.get(node)?.online) {
    client.end();
    return;
  }
  client.on('authentication', (ctx) => {
    if (authorized(sim, ctx)) ctx.accept();
    else ctx.reject(['password', 'publickey']);
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('pty', (accept) => accept?.());
      session.on('env', (accept) => accept?.());
      session.on('shell', (_accept, reject) => reject());
      session.on('exec', (accept, _reject, info) => {
        const channel = accept();
        const abort = new AbortController();
        channel.on('close', () => abort.abort());
        void runCommandLine(sim, node, info.command, abort.signal).then(
          (r) => {
            if (r.stdout) channel.write(r.stdout);
            if (r.stderr) channel.stderr.write(r.stderr);
            channel.exit(r.code);
            channel.end();
          },
          (err: unknown) => {
            channel.stderr.write(`pve-sim: ${err instanceof Error ? err.message : String(err)}\n`);
            channel.exit(1);
            channel.end();
          },
        );
      });
    });
  });
}

export async function startSshServer(
  sim: Simulator,
  opts: { port: number; host: string },
): Promise<SshServerHandle> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const servers: ssh2.Server[] = [];
  const nodes: Record<string, number> = {};
  const clients = new Set<Connection>();
  let port = opts.port;
  for (const node of sim.state.nodes.keys()) {
    const server = new ssh2.Server(
      { hostKeys: [hostKey.private], ident: 'OpenSSH_10.0p2 Debian-7' },
      (client) => {
        clients.add(client);
        client.on('close', () => clients.delete(client));
        handleClient(sim, node, client);
      },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.host, () => resolve());
    });
    nodes[node] = (server.address() as AddressInfo).port;
    servers.push(server);
    if (port !== 0) port += 1;
  }
  return {
    port: Object.values(nodes)[0] ?? 0,
    hostKeyFingerprint: sshFingerprint(hostKey.public),
    nodes,
    close: async () => {
      // Open sessions would keep server.close() waiting forever.
      for (const c of clients) c.end();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
