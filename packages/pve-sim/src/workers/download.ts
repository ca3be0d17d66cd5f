import { createHash } from 'node:crypto';
import { httpFetch, socketReason } from '../net/http-get.js';
import type { Simulator } from '../simulator.js';
import { contentOfVolume, formatOfVolume } from '../state/volume-names.js';
import type { Worker, WorkerContext } from '../state/tasks.js';
import type { Volume } from '../state/types.js';

export interface DownloadJob {
  node: string;
  storage: string;
  url: string;
  volname: string;
  path: string;
  verifyCertificates: boolean;
  checksum?: { algorithm: string; value: string };
}

/** Content of a seeded file has no bytes; a stable stand-in keeps checksums deterministic. */
export function volumeBytes(vol: Volume): Buffer {
  return vol.data ?? Buffer.from(`labforge-sim:${vol.volid}:${vol.size}`);
}

export function digest(algorithm: string, data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

const MAX_BODY = 512 * 1024 * 1024;

async function fetchBody(ctx: WorkerContext, job: DownloadJob, tmp: string): Promise<Buffer> {
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  ctx.log(`--${stamp}--  ${job.url}`);
  const target = new URL(job.url);
  let res;
  try {
    res = await httpFetch(job.url, {
      method: 'GET',
      verifyCertificates: job.verifyCertificates,
      signal: ctx.task.abort.signal,
    });
  } catch (err) {
    if (ctx.task.abort.signal.aborted) throw new Error('received interrupt');
    const line = `Connecting to ${target.host}... failed: ${socketReason(err)}.`;
    ctx.log(line);
    throw new Error(`download failed: ${line}`);
  }
  ctx.log(`Connecting to ${target.host}... connected.`);
  ctx.log(`HTTP request sent, awaiting response... ${res.status} ${res.statusText}`);
  if (res.status < 200 || res.status >= 300) {
    res.body.resume();
    const line = `${stamp} ERROR ${res.status}: ${res.statusText}.`;
    ctx.log(line);
    throw new Error(`download failed: ${line}`);
  }
  const total = Number(res.headers['content-length'] ?? 0);
  ctx.log(
    `Length: ${total || 'unspecified'} [${res.headers['content-type'] ?? 'application/octet-stream'}]`,
  );
  ctx.log(`Saving to: '${tmp}'`);
  const chunks: Buffer[] = [];
  let received = 0;
  let nextMark = 0.1;
  try {
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      chunks.push(buf);
      received += buf.length;
      if (received > MAX_BODY) throw new Error('download failed: file too large for the simulator');
      if (total > 0 && received / total >= nextMark) {
        const pct = Math.floor((received / total) * 100);
        ctx.log(
          `${String(Math.floor(received / 1024)).padStart(8)}K ${'.'.repeat(Math.min(48, Math.ceil(pct / 2)))} ${String(pct).padStart(3)}%`,
        );
        while (received / total >= nextMark) nextMark += 0.1;
      }
    }
  } catch (err) {
    if (ctx.task.abort.signal.aborted) throw new Error('received interrupt');
    throw err;
  }
  if (total === 0) ctx.log(`${String(Math.floor(received / 1024)).padStart(8)}K ........ 100%`);
  ctx.log(`${stamp} - '${tmp}' saved [${received}/${total || received}]`);
  return Buffer.concat(chunks);
}

/** The `download` worker: fetch over HTTP(S), verify, refuse to overwrite, store on the pool. */
export function downloadWorker(s: Simulator, job: DownloadJob): Worker {
  return async (ctx) => {
    ctx.log(`downloading ${job.url} to ${job.path}`);
    await ctx.sleep(200);
    const pool = s.state.poolFor(job.storage, job.node);
    const def = s.state.storages.get(job.storage);
    if (!pool || !def) throw new Error(`storage '${job.storage}' does not exist`);
    const existing = pool.volumes.get(job.volname);
    if (existing) {
      if (!job.checksum) throw new Error(`refusing to override existing file '${job.path}'`);
      ctx.log('calculating checksum of existing file...');
      const got = digest(job.checksum.algorithm, volumeBytes(existing));
      if (got !== job.checksum.value)
        throw new Error(
          `checksum mismatch: got '${got}' != expect '${job.checksum.value}', aborting`,
        );
      ctx.log('OK, got correct file already, no need to download');
      return;
    }
    const tmp = `${job.path}.tmp_dwnl.${ctx.task.pid}`;
    const data = await fetchBody(ctx, job, tmp);
    if (job.checksum) {
      ctx.log('calculating checksum...');
      const got = digest(job.checksum.algorithm, data);
      if (got !== job.checksum.value)
        throw new Error(`checksum mismatch: got '${got}' != expect '${job.checksum.value}'`);
      ctx.log('OK, checksum verified');
    }
    if (pool.total - pool.used < data.length)
      throw new Error(`download failed: Cannot write to '${tmp}' (No space left on device).`);
    pool.used += data.length;
    pool.volumes.set(job.volname, {
      volid: `${job.storage}:${job.volname}`,
      storage: job.storage,
      name: job.volname,
      content: contentOfVolume(def, job.volname),
      format: formatOfVolume(def, job.volname),
      size: data.length,
      ctime: s.now(),
      data,
    });
    ctx.log(`download of '${job.url}' to '${job.path}' finished`);
  };
}
