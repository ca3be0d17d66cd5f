import type { BuildRequest, PreflightResponse } from '@labforge/contracts';
import { PveHttpError } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, pveText } from '../errors/builder-error.js';
import { planBuild, type BuildPlan } from '../placement/plan.js';
import { StepRunner } from '../steps/step-runner.js';
import type { VirtioState } from '../vm/config.js';
import { resolveSpec } from '../vm/spec.js';
import { privilegeChecks, type PermissionMap } from './privileges.js';

type Check = PreflightResponse['checks'][number];

/** The dry run: the build's own plan, described; reads only, never a POST/PUT/DELETE. */
export async function runPreflight(
  env: EngineEnv,
  req: BuildRequest,
): Promise<Omit<PreflightResponse, 'ok'>> {
  const checks: Check[] = [];
  const silent = new StepRunner({
    jobId: 'preflight',
    user: 'preflight',
    signal: new AbortController().signal,
    emit: () => undefined,
  });
  let plan: BuildPlan;
  try {
    plan = await planBuild(env, req, silent);
  } catch (err) {
    if (!(err instanceof BuilderError)) throw err;
    const name = err.step === 'resolve-iso' ? 'iso' : 'placement';
    if (name === 'placement')
      checks.push({ name: 'iso', ok: true, message: `${req.iso_file} found` });
    checks.push({ name, ok: false, message: err.message });
    return { would_succeed: false, checks, warnings: resolveSpec(req).warnings, config: {} };
  }
  checks.push({
    name: 'iso',
    ok: true,
    message: `${plan.iso.volid} readable by ${plan.iso.nodes.join(', ')}`,
  });
  checks.push({ name: 'placement', ok: true, message: plan.decision.placement.reason });

  const choice = plan.virtio;
  const virtio: { state: VirtioState; volid?: string } =
    choice.kind === 'attach'
      ? { state: 'attached', volid: choice.volid }
      : { state: choice.kind === 'download' ? 'pending' : 'none' };
  const downloadStorage = choice.kind === 'download' ? choice.storage : undefined;
  if (choice.kind === 'attach') {
    checks.push({ name: 'virtio', ok: true, message: `${choice.volid} will be attached as ide0` });
  } else if (choice.kind === 'download') {
    checks.push({
      name: 'virtio',
      ok: true,
      message: `no virtio-win ISO readable by ${plan.node}: ${env.virtio.filename()} will be downloaded into ${choice.storage}`,
    });
  } else if (choice.kind === 'none') {
    checks.push({
      name: 'virtio',
      ok: true,
      message: `no virtio-win ISO and no ISO storage on ${plan.node}: the VM would be built without drivers (SATA + e1000e)`,
    });
  }

  let vmid = req.vmid ?? 0;
  try {
    if (req.vmid !== undefined) {
      await env.client.cluster.nextId(req.vmid);
      checks.push({ name: 'vmid', ok: true, message: `VMID ${req.vmid} is free` });
    } else {
      vmid = await env.client.cluster.nextId();
      checks.push({
        name: 'vmid',
        ok: true,
        message: `next free VMID is ${vmid} (taken when the build runs)`,
      });
    }
  } catch (err) {
    // PVE answers 400 "VM {vmid} already exists" for a taken id.
    const taken = err instanceof PveHttpError && err.status === 400;
    checks.push({
      name: 'vmid',
      ok: false,
      message: taken ? `VM ${req.vmid} already exists` : pveText(err),
    });
  }

  const warnings = [...plan.warnings];
  // Advisory checks (a fallback exists) are reported but do not decide would_succeed.
  const { required, advisory } = await checkPrivileges(env, req, plan, downloadStorage);
  checks.push(...required);
  for (const c of advisory) {
    checks.push(c);
    if (!c.ok) warnings.push(c.message);
  }

  let config: Record<string, string | number> = {};
  try {
    const out = plan.createConfig({
      vmid: vmid || 100,
      name: req.vm_name,
      virtio,
      record: { built_by: '(you)', built_at: new Date(env.now()).toISOString(), job_id: '(job)' },
    });
    config = { node: plan.node, ...out.params };
    warnings.push(...out.warnings);
    checks.push({
      name: 'config',
      ok: true,
      message: `${Object.keys(out.params).length} parameters in one create call`,
    });
  } catch (err) {
    checks.push({
      name: 'config',
      ok: false,
      message: err instanceof Error ? err.message : String(err),
    });
  }
  return {
    would_succeed: checks.every((c) => c.ok || advisory.includes(c)),
    placement: plan.decision.placement,
    checks,
    warnings,
    config,
  };
}

/** One GET /access/permissions, read against every path the build would touch. */
async function checkPrivileges(
  env: EngineEnv,
  req: BuildRequest,
  plan: BuildPlan,
  downloadStorage: string | undefined,
): Promise<{ required: Check[]; advisory: Check[] }> {
  let map: PermissionMap;
  try {
    map = await env.client.access.permissions();
  } catch (err) {
    // Own permissions are always readable in PVE; if this still fails we cannot vouch for them.
    const message = `cannot read permissions: ${pveText(err)}`;
    return { required: [{ name: 'privileges', ok: false, message }], advisory: [] };
  }
  return privilegeChecks(map, {
    vmid: req.vmid,
    storage: plan.decision.chosen.storage.storage,
    isoStorage: plan.iso.volid.split(':')[0] ?? '',
    bridge: req.network_bridge,
    node: plan.node,
    downloadStorage,
  });
}
