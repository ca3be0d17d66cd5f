import type { DeployJobRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import type { BuildCheckpoint, BuildContext } from '../types.js';
import { reconcileDeploy } from './deploy-reconcile.js';
import { runDeploy, type DeployDeps } from './deploy-run.js';
import type { DeployOutcome } from './deploy-state.js';

/** A class from a template: clones placed across the nodes, one row per VM. */
export function run(
  env: EngineEnv,
  req: DeployJobRequest,
  ctx: BuildContext,
  deps: DeployDeps,
): Promise<DeployOutcome> {
  return runDeploy(env, req, ctx, deps);
}

/** After an API restart: the VMs already cloned carry on from their checkpoint; only missing ones are cloned. */
export function reconcile(
  env: EngineEnv,
  req: DeployJobRequest,
  ctx: BuildContext,
  deps: DeployDeps,
  checkpoint?: BuildCheckpoint,
): Promise<DeployOutcome> {
  return reconcileDeploy(env, req, ctx, deps, checkpoint);
}
