import type { EngineEnv } from '../env.js';
import type { IsoAddOutcome } from '../library/transfer.js';
import type { BuildCheckpoint, BuildContext } from '../types.js';
import { reconcileDownload } from './iso-download-reconcile.js';
import { downloadIso, type IsoDownloadRequest } from './iso-download-run.js';

/** An ISO downloaded by URL into the library: check the link and the room, then download-url. */
export function run(
  env: EngineEnv,
  req: IsoDownloadRequest,
  ctx: BuildContext,
): Promise<IsoAddOutcome> {
  return downloadIso(env, req, ctx);
}

/** After an API restart: the task still running in PVE is followed to its end. */
export function reconcile(
  env: EngineEnv,
  req: IsoDownloadRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<IsoAddOutcome> {
  return reconcileDownload(env, req, ctx, checkpoint);
}
