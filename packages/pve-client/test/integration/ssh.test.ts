import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PveAbortError,
  PveSshError,
  PveTimeoutError,
  createSshExecutor,
  type SshExecutor,
} from '../../src/index.js';
import { startShellServer, type ShellServer } from './ssh-shell-server.js';

const USER = 'root';
const PASSWORD = 'ssh-test-password-1';
let server: ShellServer;
let ssh: SshExecutor;

beforeAll(async () => {
  server = await startShellServer(USER, PASSWORD);
  ssh = createSshExecutor({
    host: '127.0.0.1',
    port: server.port,
    username: USER,
    password: PASSWORD,
    hostKeyFingerprint: server.hostKeyFingerprint,
    timeoutMs: 5_000,
  });
});
afterAll(async () => {
  await ssh.close();
  await server.close();
});

const HOSTILE = [
  "it's",
  '$(touch /tmp/pwned)',
  '`id`',
  'a;b',
  'x\ny',
  '',
  ' two  spaces ',
  '*',
  '"q"',
  '\\',
];

describe('SSH executor', () => {
  it('runs argv with every argument reaching the remote side unchanged', async () => {
    const res = await ssh.run(['printf', '%s\\0', ...HOSTILE]);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
    expect(server.commands.at(-1)).toContain("'$(touch /tmp/pwned)'");
  });

  it('reports exit codes and stderr, reusing one connection', async () => {
    const res = await ssh.run(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(res).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    const again = await ssh.run(['true']);
    expect(again.code).toBe(0);
  });

  it('times out a command that runs too long', async () => {
    const err = await ssh.run(['sleep', '5'], { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTimeoutError);
  });

  it('aborts a command on signal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await ssh.run(['sleep', '5'], { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveAbortError);
  });

  it('refuses a host whose key does not match the pinned fingerprint', async () => {
    const wrong = createSshExecutor({
      host: '127.0.0.1',
      port: server.port,
      username: USER,
      password: PASSWORD,
      hostKeyFingerprint: 'SHA256:' + 'A'.repeat(43),
    });
    const before = server.commands.length;
    const err = await wrong.run(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveSshError);
    expect((err as Error).message).toContain('refusing to connect');
    expect((err as Error).message).toContain(server.hostKeyFingerprint);
    expect(server.commands.length).toBe(before);
    await wrong.close();
  });

  it('never accepts a missing fingerprint, and redacts the password from auth failures', async () => {
    expect(() =>
      createSshExecutor({
        host: '127.0.0.1',
        username: USER,
        password: PASSWORD,
        hostKeyFingerprint: '',
      }),
    ).toThrow(TypeError);
    const bad = createSshExecutor({
      host: '127.0.0.1',
      port: server.port,
      username: USER,
      password: 'wrong-password-xyz',
      hostKeyFingerprint: server.hostKeyFingerprint,
    });
    const err = await bad.run(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveSshError);
    expect((err as Error).message).not.toContain('wrong-password-xyz');
    await bad.close();
  });
});
