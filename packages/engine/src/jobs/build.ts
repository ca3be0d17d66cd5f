import type { BuildRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import type { BuildCheckpoint, BuildContext, BuildOutcome } from '../types.js';
import { reconcileBuild } from './build-reconcile.js';
import { runBuild } from './build-run.js';

/** One VM from an ISO: resolve-iso, place, virtio-drivers, allocate-vmid, create, template. */
export function run(env: EngineEnv, req: BuildRequest, ctx: BuildContext): Promise<BuildOutcome> {
  return runBuild(env, req, ctx);
}

/**
 * The build after an API restart, from its last checkpoint: never a second VM for the job, never
 * a VM that is not this job's (its description records the job id); no checkpoint = from scratch.
 */
export function reconcile(
  env: EngineEnv,
  req: BuildRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<BuildOutcome> {
  return reconcileBuild(env, req, ctx, checkpoint);
}
