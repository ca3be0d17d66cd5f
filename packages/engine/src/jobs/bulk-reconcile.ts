import { expandNamePattern, type BulkBuildRequest } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { cancelledError, pveText } from '../errors/builder-error.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, BulkItemOutcome, BulkOutcome } from '../types.js';
import { convertToTemplate, isTemplate, readConfig } from '../vm/ops.js';
import { findOwnVms, type OwnVm } from '../vm/own-vms.js';
import { runBulk } from './bulk-run.js';

export interface ReconcileTuning {
  /** How long to wait for creates still running when the API came back (default 120 s). */
  createWaitMs?: number;
  pollMs?: number;
}

/**
 * The cluster's VMs once no create is in flight. While qmcreate runs, PVE's config holds only
 * `lock: create` (no name, no description), so a VM of this job cannot be recognised yet.
 */
async function settledVms(
  env: EngineEnv,
  ctx: BuildContext,
  tuning: ReconcileTuning,
): Promise<{ vms: ClusterResource[]; creating: number }> {
  const deadline = env.now() + (tuning.createWaitMs ?? 120_000);
  for (;;) {
    const vms = await env.client.cluster.resources('vm');
    const creating = vms.filter((v) => v.lock === 'create').length;
    if (creating === 0 || env.now() >= deadline) return { vms, creating };
    if (ctx.signal.aborted) throw cancelledError('reconcile');
    await new Promise((r) => setTimeout(r, tuning.pollMs ?? 500));
  }
}

/**
 * A bulk job picked up after an API restart: items whose VM this job already created are
 * reported (and converted if asked); only the missing ones are built. Never a second VM.
 */
export async function reconcileBulk(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  tuning: ReconcileTuning = {},
): Promise<BulkOutcome> {
  const run = new StepRunner(ctx);
  const indices = Array.from({ length: req.count }, (_, i) => req.start_index + i);
  const names = indices.map((i) => expandNamePattern(req.name_pattern, i));
  const { own, creating } = await run.step(
    'reconcile',
    async () => {
      const settled = await settledVms(env, ctx, tuning);
      return { ...settled, own: await findOwnVms(env, settled.vms, ctx.jobId, new Set(names)) };
    },
    (r) => `${r.own.size} of ${names.length} VMs were already created by this job`,
  );

  const found: BulkItemOutcome[] = [];
  const missing: number[] = [];
  for (const [i, index] of indices.entries()) {
    const name = names[i] as string;
    const vm = own.get(name);
    if (vm) found.push(await reportExisting(env, req, ctx, index, name, vm));
    else if (creating > 0) {
      // A create still running may be this item's: building it again could duplicate it.
      found.push({
        index,
        name,
        ok: false,
        error: `A VM was still being created on the cluster after the restart; ${name} was not built again to avoid a duplicate`,
        warnings: [],
      });
    } else missing.push(index);
  }
  const built = missing.length > 0 ? (await runBulk(env, req, ctx, missing)).items : [];
  return { items: [...found, ...built].sort((a, b) => a.index - b.index) };
}

async function reportExisting(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  index: number,
  name: string,
  vm: OwnVm,
): Promise<BulkItemOutcome> {
  const base = { index, name, vmid: vm.vmid, node: vm.node };
  if (!req.convert_to_template || vm.template) return { ...base, ok: true, warnings: [] };
  const run = new StepRunner(ctx, name);
  try {
    await run.step(
      'convert-template',
      () => convertToTemplate(env, run, vm, ctx.signal),
      () => `VM ${vm.vmid} is now a template; its install media stay attached`,
    );
    return { ...base, ok: true, warnings: [...run.warnings] };
  } catch (err) {
    // A conversion the dead process had started may have won the race: then it is done.
    const cfg = await readConfig(env, vm.node, vm.vmid).catch(() => undefined);
    if (isTemplate(cfg)) {
      return { ...base, ok: true, warnings: [...run.warnings] };
    }
    return {
      ...base,
      ok: false,
      error: `Converting VM ${vm.vmid} to a template failed: ${pveText(err)}`,
      warnings: [...run.warnings],
    };
  }
}
