import { httpFetch, socketReason } from '../net/http-get.js';
import type { Simulator } from '../simulator.js';
import { contentOfVolume, formatOfVolume } from '../state/volume-names.js';
import type { Worker, WorkerContext } from '../state/tasks.js';
import { StreamingFile, volumeDigest } from './file-bytes.js';
import { DotGigaProgress, humanSize, totalRate } from './wget-progress.js';

export interface DownloadJob {
  node: string;
  storage: string;
  url: string;
  volname: string;
  path: string;
  verifyCertificates: boolean;
  checksum?: { algorithm: string; value: string };
}

type Received = ReturnType<StreamingFile['finish']>;

const stampOf = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19);

/** What `wget --progress=dot:giga -O TMP URL` prints, while the body is hashed as it streams. */
async function fetchBody(ctx: WorkerContext, job: DownloadJob, tmp: string): Promise<Received> {
  const stamp = stampOf(new Date());
  ctx.log(`--${stamp}--  ${job.url}`);
  const target = new URL(job.url);
  const interrupted = (): Error => new Error('download failed: received interrupt');
  let res;
  try {
    res = await httpFetch(job.url, {
      method: 'GET',
      verifyCertificates: job.verifyCertificates,
      signal: ctx.task.abort.signal,
    });
  } catch (err) {
    if (ctx.task.abort.signal.aborted) throw interrupted();
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
  const lengthHeader = res.headers['content-length'];
  const total = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const type = res.headers['content-type'] ?? 'application/octet-stream';
  if (total === undefined) ctx.log(`Length: unspecified [${type}]`);
  else ctx.log(`Length: ${total}${total >= 1024 ? ` (${humanSize(total)})` : ''} [${type}]`);
  ctx.log(`Saving to: '${tmp}'`);
  const file = new StreamingFile([job.checksum?.algorithm]);
  const started = performance.now();
  const progress = new DotGigaProgress(total, started);
  try {
    for await (const chunk of res.body) {
      file.add(chunk as Buffer);
      for (const line of progress.add((chunk as Buffer).length)) ctx.log(line);
    }
  } catch (err) {
    if (ctx.task.abort.signal.aborted) throw interrupted();
    throw err;
  }
  if (ctx.task.abort.signal.aborted) throw interrupted();
  const got = file.finish();
  ctx.log(progress.finish());
  const secs = (performance.now() - started) / 1000;
  const of = total === undefined ? `${got.size}` : `${got.size}/${total}`;
  ctx.log(`${stampOf(new Date())} (${totalRate(got.size, secs)}) - '${tmp}' saved [${of}]`);
  return got;
}

/** The `download` worker (pve-common download_file_from_url): fetch, verify, refuse to overwrite. */
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
      const got = volumeDigest(existing, job.checksum.algorithm);
      if (got !== job.checksum.value) {
        // PVE prints a bare newline so the error is alone on the last line.
        ctx.log('calculating checksum of existing file...');
        throw new Error(
          `checksum mismatch: got '${got}' != expect '${job.checksum.value}', aborting`,
        );
      }
      ctx.log(
        'calculating checksum of existing file...OK, got correct file already, no need to download',
      );
      return;
    }
    const tmp = `${job.path}.tmp_dwnl.${ctx.task.pid}`;
    const data = await fetchBody(ctx, job, tmp);
    if (job.checksum) {
      const got = data.digests[job.checksum.algorithm] ?? '';
      if (got !== job.checksum.value) {
        ctx.log('calculating checksum...');
        throw new Error(`checksum mismatch: got '${got}' != expect '${job.checksum.value}'`);
      }
      ctx.log('calculating checksum...OK, checksum verified');
    }
    if (pool.total - pool.used < data.size)
      throw new Error(`download failed: Cannot write to '${tmp}' (No space left on device).`);
    pool.used += data.size;
    pool.volumes.set(job.volname, {
      volid: `${job.storage}:${job.volname}`,
      storage: job.storage,
      name: job.volname,
      content: contentOfVolume(def, job.volname),
      format: formatOfVolume(def, job.volname),
      size: data.size,
      ctime: s.now(),
      digests: data.digests,
      ...(data.data ? { data: data.data } : {}),
    });
    ctx.log(`download of '${job.url}' to '${job.path}' finished`);
  };
}
