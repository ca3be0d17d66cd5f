import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, utils, type ParsedKey } from 'ssh2';
import { sshFingerprint } from '../../src/index.js';

/**
 * A minimal sshd for tests: password auth, and `exec` runs the command line through
 * /bin/sh -c like a real PVE node's login shell, so quoting is checked by a real shell.
 */
export interface ShellServer {
  port: number;
  hostKeyFingerprint: string;
  commands: string[];
  close(): Promise<void>;
}

export async function startShellServer(user: string, password: string): Promise<ShellServer> {
  const { private: hostKey } = utils.generateKeyPairSync('ed25519');
  const parsed = utils.parseKey(hostKey) as ParsedKey;
  const commands: string[] = [];
  const same = (a: string, b: string): boolean =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && same(ctx.username, user) && same(ctx.password, password))
        ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, info) => {
        commands.push(info.command);
        const stream = acceptExec();
        const child = spawn('/bin/sh', ['-c', info.command], { stdio: ['pipe', 'pipe', 'pipe'] });
        child.stdout.pipe(stream, { end: false });
        child.stderr.pipe(stream.stderr, { end: false });
        stream.on('close', () => child.kill('SIGKILL'));
        child.on('close', (code, signal) => {
          if (signal) stream.exit(signal);
          else stream.exit(code ?? 0);
          stream.end();
        });
        child.stdin.end();
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyFingerprint: sshFingerprint(parsed.getPublicSSH()),
    commands,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
