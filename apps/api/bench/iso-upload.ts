/**
 * `pnpm bench`: ISO upload throughput straight to the simulator (pve-client's streamed upload)
 * against the same bytes through LabForge's API (browser-style multipart, piped on), and the API
 * process's peak RSS during it. The API runs as its own process so its RSS is its own; the
 * simulator (which receives and hashes the bytes in both runs) runs in this process.
 * BENCH_UPLOAD_MIB (default 512) sets the size. Prints rows; with BENCH_OUT they also go to the
 * root bench's table. Asserts nothing.
 */
import { createPveClient } from '@labforge/pve-client';
import { classroomCredentials, startSimulator } from '@labforge/pve-sim';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { adminHeaders, killChild, startChild } from '../test/helpers/api-process.js';
import { simConfig, testSeed } from '../test/helpers/harness.js';
import { emit } from './rows.js';

const MiB = 1024 * 1024;
const size = Number(process.env.BENCH_UPLOAD_MIB ?? 512) * MiB;
const BOUNDARY = '----labforgebench';
const chunk = Buffer.alloc(MiB, 0x5a);

function bytes(n: number): Readable {
  async function* gen(): AsyncGenerator<Buffer> {
    for (let left = n; left > 0; left -= MiB) yield left >= MiB ? chunk : chunk.subarray(0, left);
  }
  return Readable.from(gen(), { objectMode: false });
}

function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

const sim = await startSimulator({ seed: testSeed(), https: true, taskSpeed: 1000 });
const dataDir = mkdtempSync(join(tmpdir(), 'labforge-bench-'));
try {
  const direct = createPveClient({
    endpoints: [sim.url],
    auth: {
      kind: 'token',
      tokenId: classroomCredentials.builderToken.tokenid,
      secret: classroomCredentials.builderToken.secret,
    },
    tls: sim.fingerprint ? { fingerprint: sim.fingerprint } : {},
  });
  let t = performance.now();
  const upid = await direct.storageFiles.uploadToStorage({
    node: 'pve1',
    storage: 'isos-nfs',
    content: 'iso',
    filename: 'bench-direct.iso',
    stream: bytes(size),
    size,
  });
  await direct.tasks.wait(upid);
  const directSecs = (performance.now() - t) / 1000;
  await direct.close();

  const configFile = join(dataDir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ ...simConfig(sim, dataDir), port: 0, host: '127.0.0.1', log_level: 'warn' }),
  );
  const { child, url } = await startChild(configFile);
  try {
    const headers = await adminHeaders(url);
    const upload = async (name: string, n: number) => {
      const head = Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="filename"\r\n\r\n${name}\r\n` +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="storage"\r\n\r\nisos-nfs\r\n` +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="size"\r\n\r\n${n}\r\n` +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b.iso"\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
      const res = await request(`${url}/api/iso-library/upload`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': String(head.length + n + tail.length),
        },
        body: Readable.from(
          (async function* () {
            yield head;
            yield* bytes(n);
            yield tail;
          })(),
          { objectMode: false },
        ),
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200)
        throw new Error(`upload through the API: ${res.statusCode} ${text}`);
    };
    // One small upload first, so the figures measure streaming, not loading code.
    await upload('bench-warm-up.iso', 8 * MiB);
    const pid = child.pid!;
    const baseline = rss(pid);
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
    t = performance.now();
    await upload('bench-api.iso', size);
    const apiSecs = (performance.now() - t) / 1000;
    clearInterval(timer);
    const mibs = (s: number) => (size / MiB / s).toFixed(0);
    emit({
      area: 'ISO library',
      figure: `upload of ${size / MiB} MiB through LabForge (browser-style multipart, streamed on to Proxmox; the simulator hashes it)`,
      value: `${apiSecs.toFixed(1)} s = ${mibs(apiSecs)} MiB/s`,
      compared: `straight to the simulator (pve-client's streamed upload): ${directSecs.toFixed(1)} s = ${mibs(directSecs)} MiB/s`,
      result: `${(directSecs / apiSecs).toFixed(2)}x the direct throughput`,
    });
    emit({
      area: 'ISO library',
      figure: `API process memory during that upload (RSS, own process, after an 8 MiB warm-up)`,
      value: `peak ${(peak / MiB).toFixed(1)} MiB`,
      compared: `baseline ${(baseline / MiB).toFixed(1)} MiB`,
      result: `+${((peak - baseline) / MiB).toFixed(1)} MiB for a ${size / MiB} MiB file (streamed, never buffered)`,
    });
  } finally {
    await killChild(child);
  }
} finally {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}
