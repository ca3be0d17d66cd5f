import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import {
  PveTaskError,
  isPermissionError,
  parseUpid,
  type PveClient,
  type PveHttpError,
} from '../../src/index.js';
import { classroomCredentials, clientFor, startSim, type SimControl } from './harness.js';

const ISO = Buffer.alloc(256 * 1024, 7);
const SHA256 = createHash('sha256').update(ISO).digest('hex');

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;
let mirror: Server;
let mirrorUrl: string;

beforeAll(async () => {
  ({ sim, control } = await startSim());
  client = clientFor(sim);
  // A loopback "ISO mirror" the simulated node downloads from.
  mirror = createServer((req, res) => {
    if (req.url !== '/virtio-win-0.1.285.iso') return void res.writeHead(404, 'Not Found').end();
    res.writeHead(200, {
      'content-type': 'application/x-iso9660-image',
      'content-length': ISO.length,
    });
    if (req.method === 'HEAD') return void res.end();
    const step = ISO.length / 4;
    for (let i = 0; i < ISO.length; i += step) res.write(ISO.subarray(i, i + step));
    res.end();
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/virtio-win-0.1.285.iso`;
});
afterAll(async () => {
  await client.close();
  await sim.close();
  await new Promise<void>((r) => mirror.close(() => r()));
});
beforeEach(async () => {
  await control.reset();
});

describe('node-side ISO download', () => {
  it('queries URL metadata, downloads with a checksum and tails progress', async () => {
    const meta = await client.storage.queryUrlMetadata('pve1', mirrorUrl);
    expect(meta).toMatchObject({ filename: 'virtio-win-0.1.285.iso', size: ISO.length });
    const upid = await client.storage.downloadUrl('pve1', 'local', {
      url: mirrorUrl,
      content: 'iso',
      filename: 'virtio-win-0.1.285.iso',
      checksum: SHA256,
      'checksum-algorithm': 'sha256',
    });
    expect(parseUpid(upid)).toMatchObject({ type: 'download', node: 'pve1' });
    const lines: string[] = [];
    const result = await client.tasks.wait(upid, {
      onLog: (l) => lines.push(...l.map((x) => x.t)),
    });
    expect(result).toMatchObject({ ok: true, type: 'download' });
    expect(lines[0]).toMatch(
      /^downloading http:\/\/127\.0\.0\.1:\d+\/virtio-win-0\.1\.285\.iso to /,
    );
    expect(lines.some((l) => / 100% .*=[\d.]+s$/.test(l))).toBe(true);
    expect(lines).toContain('calculating checksum...OK, checksum verified');
    const isos = await client.storage.content('pve1', 'local', { content: 'iso' });
    expect(isos.map((i) => i.volid)).toContain('local:iso/virtio-win-0.1.285.iso');
  });

  it("reports a checksum mismatch with PVE's text", async () => {
    const upid = await client.storage.downloadUrl('pve1', 'local', {
      url: mirrorUrl,
      content: 'iso',
      filename: 'virtio-win-bad.iso',
      checksum: '0'.repeat(64),
      'checksum-algorithm': 'sha256',
    });
    const err = await client.tasks.wait(upid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTaskError);
    expect((err as PveTaskError).exitstatus).toBe(
      `checksum mismatch: got '${SHA256}' != expect '${'0'.repeat(64)}'`,
    );
  });

  it('a token without download privileges gets a 403 the engine can recognise', async () => {
    const limited = clientFor(sim, {
      auth: {
        kind: 'token',
        tokenId: classroomCredentials.noDownloadToken.tokenid,
        secret: classroomCredentials.noDownloadToken.secret,
      },
    });
    for (const attempt of [
      limited.storage.queryUrlMetadata('pve1', mirrorUrl),
      limited.storage.downloadUrl('pve1', 'local', {
        url: mirrorUrl,
        content: 'iso',
        filename: 'v.iso',
      }),
    ]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(isPermissionError(err)).toBe(true);
      expect((err as PveHttpError).reason).toMatch(/^Permission check failed/);
    }
    await limited.close();
  });
});
