import type { EngineEnv } from '../env.js';
import { waitTransfer, type IsoAddOutcome } from '../library/transfer.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildCheckpoint, BuildContext } from '../types.js';
import { downloadIso, type IsoDownloadRequest } from './iso-download-run.js';

/**
 * A download picked up after an API restart: the `download` task keeps running in PVE, so a
 * known task is waited for (its file is then there or, on failure, gone); without one the
 * download starts afresh (its checks refuse a file that already arrived).
 */
export async function reconcileDownload(
  env: EngineEnv,
  req: IsoDownloadRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<IsoAddOutcome> {
  const upid = typeof checkpoint?.upid === 'string' ? checkpoint.upid : undefined;
  const volid = typeof checkpoint?.volid === 'string' ? checkpoint.volid : undefined;
  const node = checkpoint?.node;
  const storage =
    typeof checkpoint?.storage === 'string' ? checkpoint.storage : volid?.split(':')[0];
  if (!upid || !volid || !node || !storage) return downloadIso(env, req, ctx);
  const run = new StepRunner(ctx);
  run.skip('inspect-url', 'checked before the restart');
  await run.step(
    'download-iso',
    async () => {
      try {
        await waitTransfer(env, upid, { step: 'download-iso', signal: ctx.signal });
      } finally {
        env.invalidateLibrary();
      }
    },
    () => `${volid} downloaded (the download continued while the API restarted)`,
  );
  const stored = (await env.inventory.list(true)).isos.find((i) => i.volid === volid);
  const algorithm = req.checksum !== undefined ? (req.checksum_algorithm ?? 'sha256') : undefined;
  return {
    volid,
    node,
    storage,
    shared: stored?.shared ?? false,
    size: stored?.size ?? 0,
    checksum_verified: algorithm !== undefined,
    ...(algorithm ? { checksum_algorithm: algorithm } : {}),
    upid,
    warnings: [...run.warnings],
  };
}
