import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import {
  PveSshError,
  createSshExecutor,
  type PveClient,
  type SshExecutor,
} from '../../src/index.js';
import { classroomCredentials, clientFor, startSim } from './harness.js';

const ISO = Buffer.alloc(64 * 1024, 3);
const DIR = '/var/lib/vz/template/iso';
let sim: RunningSimulator;
let ssh: SshExecutor;
let client: PveClient;
let mirror: Server;
let mirrorUrl: string;

beforeAll(async () => {
  ({ sim } = await startSim({ sshPort: 0 }));
  client = clientFor(sim);
  ssh = createSshExecutor({
    host: '127.0.0.1',
    port: sim.ssh!.port,
    username: 'root',
    password: classroomCredentials.root.password,
    hostKeyFingerprint: sim.ssh!.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
  mirror = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': ISO.length }).end(ISO);
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/virtio-win.iso`;
});
afterAll(async () => {
  await ssh.close();
  await client.close();
  await sim.close();
  await new Promise<void>((r) => mirror.close(() => r()));
});

describe("SSH executor against the simulator's node SSH", () => {
  it('checks presence of a file in an ISO storage', async () => {
    const present = await ssh.run(['test', '-f', `${DIR}/ubuntu-22.04-live-server-amd64.iso`]);
    expect(present.code).toBe(0);
    const absent = await ssh.run(['test', '-f', `${DIR}/virtio-win-ssh.iso`]);
    expect(absent.code).toBe(1);
  });

  it('fetches an ISO with wget into the storage, checks it, and PVE then lists it', async () => {
    const target = `${DIR}/virtio-win-ssh.iso`;
    const res = await ssh.run(['wget', '-q', '-O', target, mirrorUrl], { timeoutMs: 10_000 });
    expect(res).toMatchObject({ code: 0 });
    const sum = await ssh.run(['sha256sum', target]);
    expect(sum.stdout).toBe(`${createHash('sha256').update(ISO).digest('hex')}  ${target}\n`);
    const isos = await client.storage.content('pve1', 'local', { content: 'iso' });
    expect(isos.map((i) => i.volid)).toContain('local:iso/virtio-win-ssh.iso');
  });

  it('passes hostile arguments as literal words', async () => {
    const words = ['$(reboot)', "it's", 'a;b', '`id`', '&&', '*'];
    const res = await ssh.run(['echo', ...words]);
    expect(res).toMatchObject({ code: 0, stdout: `${words.join(' ')}\n` });
  });

  it('reports refused commands with their exit code and message', async () => {
    const res = await ssh.run(['reboot']);
    expect(res.code).toBe(127);
    expect(res.stderr).toContain('command not supported');
  });

  it('refuses the node when the host key does not match', async () => {
    const wrong = createSshExecutor({
      host: '127.0.0.1',
      port: sim.ssh!.port,
      username: 'root',
      password: classroomCredentials.root.password,
      hostKeyFingerprint: `SHA256:${'B'.repeat(43)}`,
    });
    await expect(wrong.run(['true'])).rejects.toBeInstanceOf(PveSshError);
    await wrong.close();
  });
});
