import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, start, taskLog, waitTask } from './helpers.js';
import { generatedSha256, serveGenerated } from './stream-server.js';

let sim: RunningSimulator;
let files: Awaited<ReturnType<typeof serveGenerated>>;
const MiB = 1024 * 1024;

beforeAll(async () => {
  sim = await start();
  files = await serveGenerated();
});
afterAll(async () => {
  await sim.close();
  await files.close();
});
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const download = (url: string, filename: string, extra: Record<string, string> = {}) =>
  call(sim, 'POST', '/nodes/pve1/storage/local/download-url', {
    auth: builder,
    form: { content: 'iso', url, filename, ...extra },
  });

describe('download-url task logs', () => {
  it('carry wget --progress=dot:giga rows from which bytes, total and speed can be read', async () => {
    const size = 70 * MiB + 12345;
    const sha = await generatedSha256(size);
    const res = await download(`${files.url}/${size}.iso`, 'big.iso', {
      checksum: sha,
      'checksum-algorithm': 'sha256',
    });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const log = await taskLog(sim, builder, res.body.data);
    expect(log).toContain(`Length: ${size} (70M) [application/octet-stream]`);
    const rows = log.filter((l) => /^ *\d+K /.test(l));
    expect(rows).toHaveLength(3);
    const dots = ' ........ ........ ........ ........';
    expect(rows[0]).toMatch(new RegExp(`^     0K${dots} 45% +[\\d.]+[ KMG] \\d+s$`));
    expect(rows[1]).toMatch(new RegExp(`^ 32768K${dots} 91% +[\\d.]+[ KMG] \\d+s$`));
    // The last row: 6 dots of the remaining 6 MiB, padded, then 100%, speed and total time.
    expect(rows[2]).toMatch(/^ 65536K \.{6} {2}( {9}){3}100% +[\d.]+[ KMG]=[\d.]+s$/);
    expect(log.some((l) => l.endsWith(`saved [${size}/${size}]`))).toBe(true);
    expect(log.slice(-3)).toEqual([
      'calculating checksum...OK, checksum verified',
      `download of '${files.url}/${size}.iso' to '/var/lib/vz/template/iso/big.iso' finished`,
      'TASK OK',
    ]);
  });

  it('a stopped download ends "received interrupt" and leaves no file', async () => {
    const res = await download(`${files.url}/${200 * MiB}.iso?delayMs=20`, 'slow.iso');
    const upid = res.body.data as string;
    const path = `/nodes/pve1/tasks/${encodeURIComponent(upid)}`;
    for (let i = 0; i < 200; i++) {
      const log = await taskLog(sim, builder, upid);
      if (log.some((l) => l.startsWith('Saving to:'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await call(sim, 'DELETE', path, { auth: builder })).status).toBe(200);
    expect((await waitTask(sim, builder, upid)).exitstatus).toBe(
      'download failed: received interrupt',
    );
    const content = (
      await call(sim, 'GET', '/nodes/pve1/storage/local/content', { auth: builder })
    ).body.data.map((v: { volid: string }) => v.volid);
    expect(content).not.toContain('local:iso/slow.iso');
  });
});
