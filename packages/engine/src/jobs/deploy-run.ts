import { classVmNames, type DeployItemResult, type DeployJobRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, pveText } from '../errors/builder-error.js';
import { readBridges, readResources } from '../inventory/cluster-facts.js';
import { planDeploy, type DeployPlan, type TemplateFacts } from '../placement/deploy-plan.js';
import { spreadWords } from '../placement/plan.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext } from '../types.js';
import type { KeyedLimiter } from '../util/concurrency.js';
import { CloneFailure, cloneOne } from './deploy-clone.js';
import { finishItem } from './deploy-finish.js';
import {
  DeployBook,
  type DeployOutcome,
  type DeployShared,
  type DeployTuning,
  type ItemCheckpoint,
} from './deploy-state.js';
import { readTemplate } from './deploy-template.js';

export interface DeployDeps {
  limits: { nodes: KeyedLimiter; storages: KeyedLimiter };
  tuning: DeployTuning;
}

/** The class's VM names, index = position + 1 (checked again: the request was stored). */
export function deployNames(req: DeployJobRequest): string[] {
  const r = classVmNames(req);
  if (!r.ok)
    throw new BuilderError(400, r.message, { details: { fields: { [r.field]: r.message } } });
  return r.names;
}

/** Nodes, storages and the bridges of every online candidate node, for the plan. */
async function planFor(
  env: EngineEnv,
  req: DeployJobRequest,
  template: TemplateFacts,
  count: number,
): Promise<DeployPlan> {
  const [nodes, storages] = await Promise.all([
    readResources(env.client, 'node'),
    readResources(env.client, 'storage'),
  ]);
  const bridges = new Map<string, string[] | Error>();
  await Promise.all(
    nodes
      .filter((n) => n.node && n.status === 'online' && (!req.nodes || req.nodes.includes(n.node)))
      .map(async (n) => {
        const node = n.node as string;
        try {
          bridges.set(
            node,
            (await env.reads.run(node, () => readBridges(env.client, node))).map((b) => b.iface),
          );
        } catch (err) {
          bridges.set(node, new Error(pveText(err)));
        }
      }),
  );
  for (const wanted of req.nodes ?? [])
    if (!nodes.some((n) => n.node === wanted)) {
      const message = `node '${wanted}' is not part of this cluster`;
      throw new BuilderError(422, message, { details: { fields: { nodes: message } } });
    }
  return planDeploy({
    template,
    nodes,
    storages,
    bridges,
    clone: req.clone,
    storage: req.storage,
    allowed: req.nodes,
    count,
  });
}

/** Resolves the template and the plan for `count` VMs, as steps of the job. */
export async function prepareDeploy(
  env: EngineEnv,
  req: DeployJobRequest,
  run: StepRunner,
  count: number,
): Promise<{ template: TemplateFacts; plan: DeployPlan }> {
  const template = await run.step(
    'check-template',
    () => readTemplate(env, req.template_vmid),
    (t) => `${t.name} (VM ${t.vmid}) on ${t.node}`,
  );
  const plan = await run.step(
    'plan-class',
    () => planFor(env, req, template, count),
    (p) =>
      `${p.targets.length} ${p.clone} clone${p.targets.length === 1 ? '' : 's'}: ${spreadWords(p.targets.map((t) => t.node))}`,
  );
  if (plan.linkedWhyNot && req.clone === undefined) run.log('plan-class', plan.linkedWhyNot);
  for (const w of plan.warnings) run.warn(w);
  return { template, plan };
}

/** Clones and finishes the given items in parallel, each within its node's and storage's bound. */
export async function deployItems(
  s: DeployShared,
  items: ReadonlyArray<{ index: number; name: string }>,
  targets: DeployPlan['targets'],
): Promise<DeployItemResult[]> {
  return Promise.all(
    items.map(async ({ index, name }, i): Promise<DeployItemResult> => {
      const target = targets[i];
      if (!target) return { index, name, status: 'failed', message: 'no node could take it' };
      const run = new StepRunner(s.ctx, name);
      let cloned: { vmid: number; node: string };
      try {
        cloned = await s.limits.nodes.run(target.node, () =>
          s.limits.storages.run(target.storageKey, () => cloneOne(s, run, index, name, target)),
        );
      } catch (err) {
        const vmid = err instanceof CloneFailure ? err.vmid : undefined;
        const out: DeployItemResult = {
          index,
          name,
          status: 'failed',
          ...(vmid !== undefined ? { vmid, node: target.node } : {}),
          message: err instanceof Error ? err.message : String(err),
        };
        s.book.set(index, {
          ...(vmid !== undefined ? { vmid, node: target.node } : {}),
          phase: 'done',
          outcome: out,
        });
        return out;
      }
      return finishItem(s, run, { index, name, ...cloned }, 'cloned');
    }),
  );
}

export function sharedFor(
  env: EngineEnv,
  req: DeployJobRequest,
  ctx: BuildContext,
  deps: DeployDeps,
  template: TemplateFacts,
  clone: 'linked' | 'full',
  book: DeployBook,
): DeployShared {
  return {
    env,
    ctx,
    req,
    template,
    plan: { clone },
    book,
    limits: deps.limits,
    tuning: {
      lockRetries: deps.tuning.lockRetries ?? 4,
      retryBaseMs: deps.tuning.retryBaseMs ?? 1000,
      cloneWaitMs: deps.tuning.cloneWaitMs ?? 120_000,
      pollMs: deps.tuning.pollMs ?? 500,
    },
    deployedAt: new Date(env.now()).toISOString(),
  };
}

/** A class from the start: template, plan, then every VM. One VM's failure never stops the rest. */
export async function runDeploy(
  env: EngineEnv,
  req: DeployJobRequest,
  ctx: BuildContext,
  deps: DeployDeps,
): Promise<DeployOutcome> {
  const run = new StepRunner(ctx);
  const names = deployNames(req);
  const { template, plan } = await prepareDeploy(env, req, run, names.length);
  const book = new DeployBook(run, {}, plan.clone);
  const s = sharedFor(env, req, ctx, deps, template, plan.clone, book);
  const items = await deployItems(
    s,
    names.map((name, i) => ({ index: i + 1, name })),
    plan.targets,
  );
  return {
    template_vmid: template.vmid,
    class_name: req.class_name,
    clone: plan.clone,
    items,
    warnings: [...run.warnings],
  };
}

export type { ItemCheckpoint };

/** The refusals a deployment would meet, before a job is made (the API answers them at once). */
export async function checkDeploy(env: EngineEnv, req: DeployJobRequest): Promise<DeployCheck> {
  const names = deployNames(req);
  const template = await readTemplate(env, req.template_vmid);
  const plan = await planFor(env, req, template, names.length);
  return describeCheck(template, plan);
}

/** What the deploy form offers for a template: linked or not (and why), nodes, storages. */
export async function deployOptions(env: EngineEnv, templateVmid: number): Promise<DeployCheck> {
  const template = await readTemplate(env, templateVmid);
  const req: DeployJobRequest = {
    template_vmid: templateVmid,
    class_name: '',
    count: 1,
    name_pattern: 'x{n}',
    start: false,
  };
  const plan = await planFor(env, req, template, 1);
  const storages = (await readResources(env.client, 'storage')).filter(
    (s) => s.storage && s.status === 'available' && (s.content ?? '').split(',').includes('images'),
  );
  const usable = new Set(plan.verdicts.filter((v) => v.reasons.length === 0).map((v) => v.node));
  const full = new Map<string, { storage: string; shared: boolean; nodes: string[] }>();
  for (const s of storages) {
    const node = s.node as string;
    const shared = Number(s.shared ?? 0) === 1;
    if (!usable.has(node) || (!shared && node !== template.node && template.node !== '')) continue;
    const e = full.get(s.storage as string) ?? { storage: s.storage as string, shared, nodes: [] };
    e.nodes.push(node);
    full.set(e.storage, e);
  }
  return { ...describeCheck(template, plan), full_clone_storages: [...full.values()] };
}

export interface DeployCheck {
  template: { vmid: number; name: string; node: string };
  clone: 'linked' | 'full';
  linked_possible: boolean;
  linked_why_not?: string;
  nodes: Array<{ node: string; usable: boolean; reasons: string[]; vms: number }>;
  warnings: string[];
  full_clone_storages?: Array<{ storage: string; shared: boolean; nodes: string[] }>;
}

function describeCheck(template: TemplateFacts, plan: DeployPlan): DeployCheck {
  return {
    template: { vmid: template.vmid, name: template.name, node: template.node },
    clone: plan.clone,
    linked_possible: plan.linkedWhyNot === undefined,
    ...(plan.linkedWhyNot ? { linked_why_not: plan.linkedWhyNot } : {}),
    nodes: plan.verdicts.map((v) => ({
      node: v.node,
      usable: v.reasons.length === 0,
      reasons: v.reasons,
      vms: plan.targets.filter((t) => t.node === v.node).length,
    })),
    warnings: plan.warnings,
  };
}
