import { expandNamePattern, type BuildRequest, type BulkBuildRequest } from '@labforge/contracts';
import { runBuild } from './build.js';
import { supportsMsCert2023k } from './cluster-facts.js';
import type { EngineEnv } from './engine-env.js';
import { BuilderError } from './errors.js';
import { decidePlacement, type PlacementFacts } from './placement.js';
import { neededBytes, placementFacts, resolveIso, type BuildPlan } from './plan.js';
import type { PveResource } from './pve-port.js';
import { MiB } from './sizes.js';
import { StepRunner } from './step-runner.js';
import type { BuildContext, BulkItemOutcome } from './types.js';
import { resolveSpec } from './vm-spec.js';

/** Space and memory the earlier items of the bulk take, so later items see what is left. */
function reserve(
  facts: PlacementFacts,
  node: string,
  storage: string,
  bytes: number,
  memory: number,
): void {
  const planned = facts.plannedMemory ?? new Map<string, number>();
  planned.set(node, (planned.get(node) ?? 0) + memory);
  facts.plannedMemory = planned;
  const target = facts.storages.find((s) => s.node === node && s.storage === storage);
  const shared = target?.shared === 1;
  facts.storages = facts.storages.map((s): PveResource =>
    s.storage === storage && (shared || s.node === node)
      ? { ...s, disk: (s.disk ?? 0) + bytes }
      : s,
  );
}

/**
 * N VMs with one configuration: placed one after the other (each seeing what the previous
 * took), then built in parallel with a bound per node; VMIDs come from the shared allocator.
 */
export async function runBulk(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  /** Only these item indices (a resumed bulk builds just the missing ones); default all. */
  only?: readonly number[],
): Promise<{ items: BulkItemOutcome[] }> {
  const run = new StepRunner(ctx);
  const { count, name_pattern, start_index, ...options } = req;
  const indices = only ?? Array.from({ length: count }, (_, i) => start_index + i);
  const names = indices.map((index) => expandNamePattern(name_pattern, index));
  const base: BuildRequest = { ...options, vm_name: names[0] ?? 'vm' };
  const spec = resolveSpec(base);
  for (const w of spec.warnings) run.warn(w);
  const { listing, iso } = await run.step('resolve-iso', () => resolveIso(env, req.iso_file));
  const facts = await placementFacts(env, base, spec, listing, iso, new Map());
  const msCert = supportsMsCert2023k(await env.version());
  const need = neededBytes(spec);

  const plans = await run.step(
    'place',
    async () =>
      names.map((): BuildPlan | BuilderError => {
        try {
          const decision = decidePlacement(facts);
          reserve(
            facts,
            decision.chosen.node,
            decision.chosen.storage.storage,
            need,
            spec.memoryMb * MiB,
          );
          return {
            spec,
            iso,
            decision,
            node: decision.chosen.node,
            storages: listing.storageResources,
            msCert,
            warnings: decision.warnings,
          };
        } catch (err) {
          if (err instanceof BuilderError) return err;
          throw err;
        }
      }),
    (ps) => {
      const perNode = new Map<string, number>();
      for (const p of ps)
        if (!(p instanceof BuilderError)) perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1);
      return [...perNode].map(([n, c]) => `${n}: ${c}`).join(', ') || 'no node fits';
    },
  );

  const items = await Promise.all(
    names.map(async (name, i): Promise<BulkItemOutcome> => {
      const index = indices[i] ?? start_index + i;
      const plan = plans[i];
      if (plan === undefined || plan instanceof BuilderError) {
        return { index, name, ok: false, error: plan?.message ?? 'not placed', warnings: [] };
      }
      const itemRun = new StepRunner(ctx, `${name}/`);
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
