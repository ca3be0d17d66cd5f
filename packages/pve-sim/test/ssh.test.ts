import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomSeed, type RunningSimulator } from '../src/index.js';
import { serveFiles } from './file-server.js';
import { builder, call, start } from './helpers.js';

const userKey = ssh2.utils.generateKeyPairSync('ed25519');
let sim: RunningSimulator;
let files: Awaited<ReturnType<typeof serveFiles>>;
const iso = Buffer.alloc(100_000, 3);
const sha = createHash('sha256').update(iso).digest('hex');

beforeAll(async () => {
  const seed = structuredClone(classroomSeed);
  seed.ssh = { ...seed.ssh, authorizedKeys: [userKey.public] };
  sim = await start({ seed, sshPort: 0 });
  files = await serveFiles({ 'virtio-win-0.1.iso': iso });
});
afterAll(async () => {
  await sim.close();
  await files.close();
});

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

function connect(
  node: string,
  auth: { password?: string; privateKey?: string },
): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('ready', () => resolve(client)).on('error', reject);
    client.connect({
      host: '127.0.0.1',
      port: sim.ssh?.nodes[node] ?? 0,
      username: 'root',
      ...auth,
      hostVerifier: (key: Buffer) =>
        `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` ===
        sim.ssh?.hostKeyFingerprint,
    });
  });
}

function exec(client: ssh2.Client, command: string): Promise<Exec> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code = -1;
      stream.on('data', (d: Buffer) => (stdout += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      stream.on('exit', (c: number) => (code = c));
      stream.on('close', () => resolve({ code, stdout, stderr }));
    });
  });
}

describe('SSH server', () => {
  it('prints an OpenSSH-style host key fingerprint and one port per node', () => {
    expect(sim.ssh?.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(Object.keys(sim.ssh?.nodes ?? {})).toEqual(['pve1', 'pve2', 'pve3']);
  });

  it('fetches a file into the ISO directory, checks it and makes it a volume', async () => {
    const client = await connect('pve2', { password: classroomSeed.ssh?.rootPassword ?? '' });
    try {
      const dest = '/mnt/pve/isos-nfs/template/iso/virtio-win-0.1.iso';
      expect((await exec(client, `test -f ${dest}`)).code).toBe(1);
      const tmp = `${dest}.part`;
      const dl = await exec(
        client,
        `wget -q -O '${tmp}' '${files.url}/files/virtio-win-0.1.iso' && sha256sum '${tmp}'`,
      );
      expect(dl).toEqual({ code: 0, stdout: `${sha}  ${tmp}\n`, stderr: '' });
      expect((await exec(client, `mv '${tmp}' '${dest}' && stat -c %s '${dest}'`)).stdout).toBe(
        `${iso.length}\n`,
      );
      const content = (
        await call(sim, 'GET', '/nodes/pve1/storage/isos-nfs/content', { auth: builder })
      ).body.data;
      expect(content.map((v: { volid: string }) => v.volid)).toContain(
        'isos-nfs:iso/virtio-win-0.1.iso',
      );
      const curl = await exec(client, `curl -fsSL -o /tmp/x.iso ${files.url}/files/missing.iso`);
      expect(curl.code).toBe(22);
      expect(curl.stderr).toBe('curl: (22) The requested URL returned error: 404\n');
      expect((await exec(client, 'rm -f /tmp/x.iso')).code).toBe(0);
    } finally {
      client.end();
    }
  });

  it('accepts the seeded public key and refuses other commands and shell syntax', async () => {
    const client = await connect('pve1', { privateKey: userKey.private });
    try {
      const ls = await exec(client, 'ls /');
      expect(ls.code).toBe(127);
      expect(ls.stderr).toBe('pve-sim: command not supported over SSH: ls\n');
      const pipe = await exec(client, 'cat /etc/passwd | head');
      expect(pipe.code).not.toBe(0);
      const outside = await exec(
        client,
        `wget -q -O /etc/evil ${files.url}/files/virtio-win-0.1.iso`,
      );
      expect(outside.code).toBe(3);
    } finally {
      client.end();
    }
  });

  it('rejects a wrong password', async () => {
    await expect(connect('pve1', { password: 'wrong' })).rejects.toThrow(/authentication/i);
  });
});
