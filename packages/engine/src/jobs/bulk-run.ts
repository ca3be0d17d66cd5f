import { expandNamePattern, type BuildRequest, type BulkBuildRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError } from '../errors/builder-error.js';
import { planBulk } from '../placement/plan.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, BulkItemOutcome, BulkOutcome } from '../types.js';
import { runBuild } from './build-run.js';

/**
 * N VMs with one configuration: placed one after the other (each seeing what the previous
 * took), then built in parallel with a bound per node; VMIDs come from the shared allocator.
 * Each item's steps are reported with the item's name, so progress reads one row per VM.
 */
export async function runBulk(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  /** Only these item indices (a reconciled bulk builds just the missing ones); default all. */
  only?: readonly number[],
): Promise<BulkOutcome> {
  const run = new StepRunner(ctx);
  const { count, name_pattern, start_index, ...options } = req;
  const indices = only ?? Array.from({ length: count }, (_, i) => start_index + i);
  const names = indices.map((index) => expandNamePattern(name_pattern, index));
  const base: BuildRequest = { ...options, vm_name: names[0] ?? 'vm' };
  const { spec, plans } = await planBulk(env, base, names.length, run);
  for (const w of spec.warnings) run.warn(w);

  const items = await Promise.all(
    names.map(async (name, i): Promise<BulkItemOutcome> => {
      const index = indices[i] ?? start_index + i;
      const plan = plans[i];
      if (plan === undefined || plan instanceof BuilderError) {
        return { index, name, ok: false, error: plan?.message ?? 'not placed', warnings: [] };
      }
      const itemRun = new StepRunner(ctx, name);
      try {
        const out = await env.nodeLimiter.run(plan.node, () =>
          runBuild(env, { ...base, vm_name: name }, ctx, { run: itemRun, plan, name }),
        );
        return { index, name, ok: true, vmid: out.vmid, node: out.node, warnings: out.warnings };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return {
          index,
          name,
          ok: false,
          node: plan.node,
          error: message,
          warnings: [...itemRun.warnings],
        };
      }
    }),
  );
  return { items };
}
