import type { DeployItemResult, DeployJobRequest } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { cancelledError } from '../errors/builder-error.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildCheckpoint, BuildContext } from '../types.js';
import { parseDeployDescription } from '../vm/deploy-record.js';
import { readConfig } from '../vm/ops.js';
import { finishItem } from './deploy-finish.js';
import {
  deployItems,
  deployNames,
  prepareDeploy,
  sharedFor,
  type DeployDeps,
} from './deploy-run.js';
import { bookFrom, DeployBook, type DeployOutcome, type ItemPhase } from './deploy-state.js';
import { readTemplate } from './deploy-template.js';

interface Found {
  vmid: number;
  node: string;
}

/** The cluster's VMs once no clone is in flight (a qmclone of the dead process may still run). */
async function settledVms(env: EngineEnv, ctx: BuildContext, deps: DeployDeps) {
  const deadline = env.now() + (deps.tuning.cloneWaitMs ?? 120_000);
  for (;;) {
    const vms = await env.client.cluster.resources('vm');
    const cloning = vms.filter((v) => v.lock === 'clone').length;
    if (cloning === 0 || env.now() >= deadline) return { vms, cloning };
    if (ctx.signal.aborted) throw cancelledError('reconcile');
    await new Promise((r) => setTimeout(r, deps.tuning.pollMs ?? 500));
  }
}

/** This job's VMs by index: the clone call wrote the job id and index into each description. */
async function ownVms(
  env: EngineEnv,
  vms: readonly ClusterResource[],
  jobId: string,
  names: ReadonlySet<string>,
  vmids: ReadonlySet<number>,
) {
  const own = new Map<number, Found>();
  const candidates = vms
    .filter(
      (v) =>
        v.type === 'qemu' &&
        v.node &&
        v.vmid &&
        ((v.name && names.has(v.name)) || vmids.has(v.vmid)),
    )
    .sort((a, b) => (a.vmid ?? 0) - (b.vmid ?? 0));
  for (const v of candidates) {
    const cfg = await readConfig(env, v.node as string, v.vmid as number);
    const rec = parseDeployDescription(cfg?.description);
    if (!cfg || rec?.job_id !== jobId || cfg.lock !== undefined) continue;
    const index = Number(rec.index);
    if (Number.isInteger(index) && !own.has(index))
      own.set(index, { vmid: v.vmid as number, node: v.node as string });
  }
  return own;
}

/**
 * A deploy job picked up after an API restart: every VM this job already cloned is matched to
 * its item (by the description its clone call wrote) and carried on from its checkpoint; only
 * items with no VM are cloned. A clone still running after the wait is reported, never repeated.
 */
export async function reconcileDeploy(
  env: EngineEnv,
  req: DeployJobRequest,
  ctx: BuildContext,
  deps: DeployDeps,
  checkpoint?: BuildCheckpoint,
): Promise<DeployOutcome> {
  const run = new StepRunner(ctx);
  const names = deployNames(req);
  const saved = bookFrom(checkpoint);
  const savedVmids = new Set(
    Object.values(saved).flatMap((c) => (c.vmid !== undefined ? [c.vmid] : [])),
  );
  const { own, cloning } = await run.step(
    'reconcile',
    async () => {
      const settled = await settledVms(env, ctx, deps);
      return {
        ...settled,
        own: await ownVms(env, settled.vms, ctx.jobId, new Set(names), savedVmids),
      };
    },
    (r) => `${r.own.size} of ${names.length} VMs were already cloned by this job`,
  );
  const book = new DeployBook(
    run,
    saved,
    typeof checkpoint?.clone === 'string' ? checkpoint.clone : '',
  );
  const missing: Array<{ index: number; name: string }> = [];
  const done: Array<Promise<DeployItemResult>> = [];
  let clone: 'linked' | 'full' = book.clone === 'full' ? 'full' : 'linked';
  const template =
    own.size > 0 ? await readTemplate(env, req.template_vmid).catch(() => undefined) : undefined;
  for (const [i, name] of names.entries()) {
    const index = i + 1;
    const vm = own.get(index);
    const prior = saved[String(index)];
    if (vm) {
      if (prior?.phase === 'done' && prior.outcome) {
        done.push(Promise.resolve({ ...prior.outcome, vmid: vm.vmid, node: vm.node }));
        continue;
      }
      const from: ItemPhase = prior && prior.vmid === vm.vmid ? prior.phase : 'cloned';
      const s = sharedFor(env, req, ctx, deps, template ?? placeholder(req), clone, book);
      done.push(
        finishItem(
          s,
          new StepRunner(ctx, name),
          { index, name, ...vm },
          from === 'reserved' || from === 'cloning' ? 'cloned' : from,
        ),
      );
    } else if (
      prior?.phase === 'done' &&
      prior.outcome &&
      prior.outcome.status === 'failed' &&
      prior.outcome.vmid === undefined
    ) {
      done.push(Promise.resolve(prior.outcome));
    } else if (prior?.phase === 'done' && prior.outcome?.status === 'ok') {
      done.push(
        Promise.resolve({
          index,
          name,
          status: 'failed',
          message: `VM ${prior.outcome.vmid ?? ''} was cloned, but it is no longer on the cluster`,
        }),
      );
    } else if (cloning > 0) {
      done.push(
        Promise.resolve({
          index,
          name,
          status: 'failed',
          message: `A clone was still running on the cluster after the restart; ${name} was not cloned again to avoid a duplicate`,
        }),
      );
    } else missing.push({ index, name });
  }
  let warnings: string[] = [];
  if (missing.length > 0) {
    const made = await (async (): Promise<DeployItemResult[]> => {
      try {
        const { template: t, plan } = await prepareDeploy(env, req, run, missing.length);
        clone = plan.clone;
        const s = sharedFor(env, req, ctx, deps, t, plan.clone, book);
        return await deployItems(s, missing, plan.targets);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return missing.map(({ index, name }) => ({
          index,
          name,
          status: 'failed' as const,
          message,
        }));
      }
    })();
    done.push(...made.map((m) => Promise.resolve(m)));
    warnings = [...run.warnings];
  }
  const items = (await Promise.all(done)).sort((a, b) => a.index - b.index);
  return { template_vmid: req.template_vmid, class_name: req.class_name, clone, items, warnings };
}

/** Template facts for finishing VMs when the template itself can no longer be read. */
function placeholder(req: DeployJobRequest) {
  return {
    vmid: req.template_vmid,
    node: '',
    name: `VM ${req.template_vmid}`,
    memoryBytes: 0,
    disks: [],
    bridges: [],
    tags: [],
  };
}
