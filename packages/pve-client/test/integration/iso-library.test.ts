import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import {
  PveTaskError,
  parseTransferProgress,
  parseUpid,
  type PveClient,
  type PveHttpError,
} from '../../src/index.js';
import { classroomCredentials, clientFor, startSim, type SimControl } from './harness.js';

const MiB = 1024 * 1024;
const SMALL = Buffer.alloc(300 * 1024, 9);
const SMALL_SHA256 = createHash('sha256').update(SMALL).digest('hex');

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;
let root: PveClient;
let mirror: Server;
let mirrorUrl: string;

/** `size` bytes in 1 MiB chunks of a pattern, hashed as they are produced. */
function generated(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
  async function* gen(): AsyncGenerator<Buffer> {
    for (let left = size; left > 0; left -= MiB) {
      const part = left >= MiB ? chunk : chunk.subarray(0, left);
      hash.update(part);
      yield part;
    }
  }
  return { stream: Readable.from(gen(), { objectMode: false }), sha256: () => hash.digest('hex') };
}

beforeAll(async () => {
  ({ sim, control } = await startSim({ taskSpeed: 200 }));
  client = clientFor(sim);
  root = clientFor(sim, {
    auth: {
      kind: 'ticket',
      username: classroomCredentials.root.username,
      password: classroomCredentials.root.password,
    },
  });
  // A slow loopback mirror: GET /<MiB>.iso sends that many MiB, one every 10 ms.
  mirror = createServer((req, res) => {
    const mib = Number(/^\/(\d+)\.iso$/.exec(req.url ?? '')?.[1] ?? NaN);
    if (!Number.isFinite(mib)) return void res.writeHead(404, 'Not Found').end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': mib * MiB });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent++ >= mib) return void (clearInterval(timer), res.end());
      res.write(Buffer.alloc(MiB, 1));
    }, 10);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await client.close();
  await root.close();
  mirror.closeAllConnections();
  await new Promise((r) => mirror.close(r));
  await sim.close();
});
beforeEach(async () => {
  await control.reset();
});

const isoIds = async (storage = 'local'): Promise<string[]> =>
  (await client.storage.content('pve1', storage, { content: 'iso' })).map((v) => v.volid);

describe('storageFiles.uploadToStorage', () => {
  it('streams a generated 1 GiB ISO with a flat client memory and PVE verifies it', async () => {
    const size = 1024 * MiB;
    const src = generated(size);
    let lastProgress = 0;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    // The checksum goes before the file, so it must be known up front: send the one of the
    // pattern computed separately (the stream's own hash is compared afterwards).
    const expected = (() => {
      const h = createHash('sha256');
      const chunk = Buffer.alloc(MiB);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
      for (let i = 0; i < 1024; i++) h.update(chunk);
      return h.digest('hex');
    })();
    const upid = await client.storageFiles
      .uploadToStorage({
        node: 'pve1',
        storage: 'local',
        content: 'iso',
        filename: 'big-1g.iso',
        stream: src.stream,
        size,
        checksum: expected,
        checksumAlgorithm: 'sha256',
        onProgress: (p) => {
          lastProgress = p.sent;
        },
      })
      .finally(() => clearInterval(sampler));
    const secs = (performance.now() - started) / 1000;
    const after = process.memoryUsage().rss;
    console.warn(
      `[pve-client] 1 GiB upload: ${secs.toFixed(1)} s, ${(size / MiB / secs).toFixed(0)} MiB/s; rss before ${(before / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, after ${(after / MiB).toFixed(0)} MiB (client and simulator share this process)`,
    );
    expect(src.sha256()).toBe(expected);
    expect(lastProgress).toBe(size);
    expect(parseUpid(upid)).toMatchObject({ type: 'imgcopy', node: 'pve1' });
    const result = await client.tasks.wait(upid, { collectLog: true });
    expect(result.ok).toBe(true);
    const vol = sim.sim.state.poolFor('local', 'pve1')?.volumes.get('iso/big-1g.iso');
    expect(vol?.size).toBe(size);
    expect(vol?.digests?.sha256).toBe(expected);
    expect(vol?.data).toBeUndefined();
    // Generous bound: machines are noisy; the figures above are the real measurement.
    expect(peak - before).toBeLessThan(200 * MiB);
  }, 180_000);

  it('leaves no file when the checksum does not match', async () => {
    const upid = await client.storageFiles.uploadToStorage({
      node: 'pve1',
      storage: 'local',
      content: 'iso',
      filename: 'bad.iso',
      stream: Readable.from([SMALL]),
      size: SMALL.length,
      checksum: '0'.repeat(64),
      checksumAlgorithm: 'sha256',
    });
    const err = await client.tasks.wait(upid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTaskError);
    expect((err as PveTaskError).exitstatus).toBe(
      `checksum mismatch: got '${SMALL_SHA256}' != expect '${'0'.repeat(64)}'`,
    );
    expect(await isoIds()).not.toContain('local:iso/bad.iso');
  });

  it('sends the parts in the order pveproxy parses and an exact Content-Length', async () => {
    const upid = await client.storageFiles.uploadToStorage({
      node: 'pve1',
      storage: 'isos-nfs',
      content: 'iso',
      filename: 'small.iso',
      stream: Readable.from([SMALL.subarray(0, 1000), SMALL.subarray(1000)]),
      size: SMALL.length,
      checksum: SMALL_SHA256,
      checksumAlgorithm: 'sha256',
    });
    const result = await client.tasks.wait(upid, { collectLog: true });
    expect(result.log?.map((l) => l.t)).toContain('calculating checksum...OK, checksum verified');
    const entry = (await control.requests({ method: 'POST', path: /\/upload$/ })).at(-1);
    expect(entry?.params).toMatchObject({
      content: 'iso',
      'checksum-algorithm': 'sha256',
      checksum: SMALL_SHA256,
      filename: 'small.iso',
    });
    expect(await isoIds('isos-nfs')).toContain('isos-nfs:iso/small.iso');
  });

  it('overwrites an existing name (PVE does not refuse uploads); download-url refuses', async () => {
    const name = 'ubuntu-22.04-live-server-amd64.iso';
    const upid = await client.storageFiles.uploadToStorage({
      node: 'pve1',
      storage: 'local',
      content: 'iso',
      filename: name,
      stream: Readable.from([SMALL]),
      size: SMALL.length,
    });
    await client.tasks.wait(upid);
    const vol = (await client.storage.content('pve1', 'local')).find(
      (v) => v.volid === `local:iso/${name}`,
    );
    expect(vol?.size).toBe(SMALL.length);
    const dl = await client.storage.downloadUrl('pve1', 'local', {
      url: `${mirrorUrl}/1.iso`,
      content: 'iso',
      filename: name,
    });
    await expect(client.tasks.wait(dl)).rejects.toMatchObject({
      exitstatus: `refusing to override existing file '/var/lib/vz/template/iso/${name}'`,
    });
  });

  it("refuses a wrong content type or extension with PVE's messages", async () => {
    const send = (storage: string, content: 'iso' | 'vztmpl', filename: string) =>
      client.storageFiles
        .uploadToStorage({
          node: 'pve1',
          storage,
          content,
          filename,
          stream: Readable.from([SMALL]),
          size: SMALL.length,
        })
        .catch((e: unknown) => e as PveHttpError);
    const vztmpl = await send('isos-nfs', 'vztmpl', 'debian-12.tar.zst');
    expect(vztmpl).toMatchObject({
      status: 500,
      message: expect.stringContaining("storage 'isos-nfs' does not support 'vztmpl' content"),
    });
    const ext = await send('local', 'iso', 'notes.txt');
    expect(ext).toMatchObject({ status: 400, errors: { filename: 'wrong file extension' } });
    await expect(
      client.storageFiles.uploadToStorage({
        node: 'pve1',
        storage: 'local',
        content: 'iso',
        filename: '../x.iso',
        stream: Readable.from([SMALL]),
        size: SMALL.length,
      }),
    ).rejects.toThrow(TypeError);
  });
});

describe('download progress and cancellation', () => {
  it('reads bytes, total and speed from the log and a stopped download leaves no file', async () => {
    const upid = await client.storage.downloadUrl('pve1', 'local', {
      url: `${mirrorUrl}/200.iso`,
      content: 'iso',
      filename: 'slow.iso',
    });
    let progress = parseTransferProgress([]);
    for (let i = 0; i < 500 && progress.bytes < 32 * MiB; i++) {
      const log = await client.tasks.log('pve1', upid, 0, 0);
      progress = parseTransferProgress(log.lines.map((l) => l.t));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(progress).toMatchObject({ total: 200 * MiB, phase: 'transferring', percent: 16 });
    expect(progress.bytes).toBeGreaterThanOrEqual(32 * MiB);
    expect(progress.bytesPerSecond).toBeGreaterThan(0);
    await client.tasks.stop('pve1', upid);
    await expect(client.tasks.wait(upid)).rejects.toMatchObject({
      exitstatus: 'download failed: received interrupt',
    });
    expect(await isoIds()).not.toContain('local:iso/slow.iso');
  }, 60_000);
});

describe('storageFiles.deleteVolume', () => {
  it('removes an ISO in an imgdel task; with delay it answers null', async () => {
    const upid = await root.storageFiles.deleteVolume({
      node: 'pve1',
      storage: 'local',
      volume: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    });
    expect(parseUpid(upid ?? '')).toMatchObject({ type: 'imgdel', id: 'local' });
    await root.tasks.wait(upid ?? '');
    expect(await isoIds()).not.toContain('local:iso/ubuntu-22.04-live-server-amd64.iso');
    await expect(
      root.storageFiles.deleteVolume({
        node: 'pve1',
        storage: 'local',
        volume: 'iso/Win10_22H2_English_x64.iso',
        delay: 5,
      }),
    ).resolves.toBeNull();
    await expect(
      client.storageFiles.deleteVolume({
        node: 'pve1',
        storage: 'local',
        volume: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
