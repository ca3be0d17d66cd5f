import { expandNamePattern, type BulkBuildRequest } from '@labforge/contracts';
import { hasLabforgeTag, parseDescription } from './build-record.js';
import { runBulk } from './bulk.js';
import type { EngineEnv } from './engine-env.js';
import { cancelledError, pveText } from './errors.js';
import type { PveResource } from './pve-port.js';
import { StepRunner } from './step-runner.js';
import type { BuildContext, BulkItemOutcome } from './types.js';
import { readConfig, vmPath, waitTask } from './vm-ops.js';

export interface ReconcileTuning {
  /** How long to wait for creates still running when the API came back (default 120 s). */
  createWaitMs?: number;
  pollMs?: number;
}

interface OwnVm {
  vmid: number;
  node: string;
  template: boolean;
}

/**
 * The cluster's VMs once no create is in flight. While qmcreate runs, PVE's config holds only
 * `lock: create` (no name, no description), so a VM of this job cannot be recognised yet.
 */
async function settledVms(
  env: EngineEnv,
  ctx: BuildContext,
  tuning: ReconcileTuning,
): Promise<{ vms: PveResource[]; creating: number }> {
  const deadline = env.now() + (tuning.createWaitMs ?? 120_000);
  for (;;) {
    const vms = await env.client.request<PveResource[]>('GET', '/cluster/resources', {
      type: 'vm',
    });
    const creating = vms.filter((v) => v.lock === 'create').length;
    if (creating === 0 || env.now() >= deadline) return { vms, creating };
    if (ctx.signal.aborted) throw cancelledError('reconcile');
    await new Promise((r) => setTimeout(r, tuning.pollMs ?? 500));
  }
}

/** This job's VMs by name: the description records the job id (build-record.ts). */
async function ownVms(
  env: EngineEnv,
  vms: PveResource[],
  jobId: string,
  names: ReadonlySet<string>,
): Promise<Map<string, OwnVm>> {
  const candidates = vms
    .filter((v) => v.type === 'qemu' && v.node && v.vmid && v.name && names.has(v.name))
    .filter((v) => hasLabforgeTag(v.tags))
    .sort((a, b) => (a.vmid ?? 0) - (b.vmid ?? 0));
  const own = new Map<string, OwnVm>();
  for (const v of candidates) {
    const node = v.node as string;
    const vmid = v.vmid as number;
    const cfg = await readConfig(env, node, vmid);
    if (!cfg || parseDescription(cfg.description)?.job_id !== jobId) continue;
    const name = v.name as string;
    if (!own.has(name)) {
      own.set(name, { vmid, node, template: cfg.template === 1 || cfg.template === '1' });
    }
  }
  return own;
}

/**
 * A bulk job picked up after an API restart: items whose VM this job already created are
 * reported (and converted if asked); only the missing ones are built. Never a second VM.
 */
export async function resumeBulk(
  env: EngineEnv,
  req: BulkBuildRequest,
  ctx: BuildContext,
  tuning: ReconcileTuning = {},
): Promise<{ items: BulkItemOutcome[] }> {
  const run = new StepRunner(ctx);
  const indices = Array.from({ length: req.count }, (_, i) => req.start_index + i);
  const names = indices.map((i) => expandNamePattern(req.name_pattern, i));
  const { own, creating } = await run.step(
    'reconcile',
    async () => {
      const settled = await settledVms(env, ctx, tuning);
      return { ...settled, own: await ownVms(env, settled.vms, ctx.jobId, new Set(names)) };
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
  const run = new StepRunner(ctx, `${name}/`);
  try {
    await run.step(
      'convert-template',
      async () => {
        const upid = await env.client.request<string>(
          'POST',
          `${vmPath(vm.node, vm.vmid)}/template`,
        );
        await waitTask(env, run, 'convert-template', upid, ctx.signal);
      },
      () => `VM ${vm.vmid} is now a template; its install media stay attached`,
    );
    return { ...base, ok: true, warnings: [...run.warnings] };
  } catch (err) {
    // A conversion the dead process had started may have won the race: then it is done.
    const cfg = await readConfig(env, vm.node, vm.vmid).catch(() => undefined);
    if (cfg?.template === 1 || cfg?.template === '1') {
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
