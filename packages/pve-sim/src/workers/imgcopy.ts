import type { Simulator } from '../simulator.js';
import type { Worker } from '../state/tasks.js';
import { contentOfVolume, formatOfVolume, volumePath } from '../state/volume-names.js';

export interface ImgcopyJob {
  node: string;
  storage: string;
  volname: string;
  tmpfilename: string;
  size: number;
  digests: Record<string, string>;
  data?: Buffer;
  checksum?: { algorithm: string; value: string };
}

/**
 * pve-storage's upload worker (`imgcopy`): verify the checksum of the temporary file, then
 * `cp -- TMP DEST`. PVE overwrites an existing file of the same name (its own comment: "we simply
 * overwrite the destination file if it already exists"); on any failure no file is left.
 */
export function imgcopyWorker(s: Simulator, job: ImgcopyJob): Worker {
  return async (ctx) => {
    const def = s.state.storages.get(job.storage);
    const pool = s.state.poolFor(job.storage, job.node);
    if (!def || !pool) throw new Error(`storage '${job.storage}' does not exist`);
    const dest = volumePath(def, job.volname);
    ctx.log(`starting file import from: ${job.tmpfilename}`);
    if (job.checksum) {
      await ctx.sleep(300);
      const got = job.digests[job.checksum.algorithm] ?? '';
      if (got !== job.checksum.value.toLowerCase()) {
        // PVE prints a bare newline so that the error stands alone on the last line.
        ctx.log('calculating checksum...');
        throw new Error(`checksum mismatch: got '${got}' != expect '${job.checksum.value}'`);
      }
      ctx.log('calculating checksum...OK, checksum verified');
    }
    ctx.log(`target node: ${job.node}`);
    ctx.log(`target file: ${dest}`);
    ctx.log(`file size is: ${job.size}`);
    ctx.log(`command: cp -- ${job.tmpfilename} ${dest}`);
    // cp at roughly 500 MiB/s.
    await ctx.sleep(200 + job.size / (500 * 1024));
    const old = pool.volumes.get(job.volname);
    if (pool.total - pool.used + (old?.size ?? 0) < job.size)
      throw new Error(`import failed: cp: error writing '${dest}': No space left on device`);
    pool.used += job.size - (old?.size ?? 0);
    pool.volumes.set(job.volname, {
      volid: `${job.storage}:${job.volname}`,
      storage: job.storage,
      name: job.volname,
      content: contentOfVolume(def, job.volname),
      format: formatOfVolume(def, job.volname),
      size: job.size,
      ctime: s.now(),
      digests: job.digests,
      ...(job.data ? { data: job.data } : {}),
    });
    ctx.log('finished file import successfully');
  };
}
