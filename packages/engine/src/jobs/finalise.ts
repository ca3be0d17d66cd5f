import type { FinaliseTemplateRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import type { BuildCheckpoint, BuildContext, FinaliseOutcome } from '../types.js';
import { reconcileFinalise } from './finalise-reconcile.js';
import { finaliseTemplate } from './finalise-run.js';

/** A hand-installed VM becomes a template: check (stopped, unlocked), eject media, convert. */
export function run(
  env: EngineEnv,
  req: FinaliseTemplateRequest,
  ctx: BuildContext,
): Promise<FinaliseOutcome> {
  return finaliseTemplate(env, req, ctx);
}

/**
 * The finalise job after an API restart: a conversion still running is waited for; a VM that
 * already is a template succeeds with a warning; a stopped VM is finalised normally; gone = 404.
 */
export function reconcile(
  env: EngineEnv,
  req: FinaliseTemplateRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<FinaliseOutcome> {
  return reconcileFinalise(env, req, ctx, checkpoint);
}
