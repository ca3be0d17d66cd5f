import type { BulkBuildRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import type { BuildContext, BulkOutcome } from '../types.js';
import { reconcileBulk, type ReconcileTuning } from './bulk-reconcile.js';
import { runBulk } from './bulk-run.js';

export type { ReconcileTuning };

/** A class's worth of VMs from one configuration and a name pattern. */
export function run(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
): Promise<BulkOutcome> {
  return runBulk(env, req, ctx);
}

/**
 * The bulk job after an API restart: waits for creates still in flight, reports the VMs this
 * job already made (converting them if asked) and builds only the missing items.
 */
export function reconcile(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  tuning?: ReconcileTuning,
): Promise<BulkOutcome> {
  return reconcileBulk(env, req, ctx, tuning);
}
