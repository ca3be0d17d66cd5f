import type { BuildRequest, PreflightResponse } from '@labforge/contracts';
import { formatDescription } from './build-record.js';
import type { EngineEnv } from './engine-env.js';
import { BuilderError, pveStatus, pveText } from './errors.js';
import { planBuild, type BuildPlan } from './plan.js';
import { privilegeChecks, type PermissionMap } from './privileges.js';
import { StepRunner } from './step-runner.js';
import { buildCreateConfig } from './vm-config.js';
import { resolveSpec } from './vm-spec.js';

type Check = PreflightResponse['checks'][number];

/** The dry run: reads only, never a POST/PUT/DELETE. */
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

  let virtioState: 'attached' | 'pending' | 'none' = 'none';
  let virtioVolid: string | undefined;
  let downloadStorage: string | undefined;
  if (plan.spec.wantsVirtio) {
    virtioVolid = plan.decision.chosen.virtioVolid;
    if (virtioVolid) {
      virtioState = 'attached';
      checks.push({ name: 'virtio', ok: true, message: `${virtioVolid} will be attached as ide0` });
    } else {
      const target = env.virtio.targets(plan.node, plan.storages)[0];
      virtioState = target ? 'pending' : 'none';
      downloadStorage = target?.storage;
      checks.push({
        name: 'virtio',
        ok: true,
        message: target
          ? `no virtio-win ISO readable by ${plan.node}: ${env.virtio.filename()} will be downloaded into ${target.storage}`
          : `no virtio-win ISO and no ISO storage on ${plan.node}: the VM would be built without drivers (SATA + e1000e)`,
      });
    }
  }

  let vmid = req.vmid ?? 0;
  try {
    if (req.vmid !== undefined) {
      await env.client.request('GET', '/cluster/nextid', { vmid: req.vmid });
      checks.push({ name: 'vmid', ok: true, message: `VMID ${req.vmid} is free` });
    } else {
      vmid = Number(await env.client.request<string>('GET', '/cluster/nextid'));
      checks.push({
        name: 'vmid',
        ok: true,
        message: `next free VMID is ${vmid} (taken when the build runs)`,
      });
    }
  } catch (err) {
    const taken = pveStatus(err) === 400;
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
    const out = buildCreateConfig({
      spec: plan.spec,
      vmid: vmid || 100,
      name: req.vm_name,
      isoFile: req.iso_file,
      storage: plan.decision.chosen.storage.storage,
      storageType: plan.decision.chosen.storage.type,
      bridge: req.network_bridge,
      virtio: { state: virtioState, ...(virtioVolid ? { volid: virtioVolid } : {}) },
      msCert: plan.msCert,
      description: formatDescription({
        built_by: '(you)',
        built_at: new Date(env.now()).toISOString(),
        iso_file: req.iso_file,
        os_type: plan.spec.osType,
        job_id: '(job)',
      }),
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
    map = await env.client.request<PermissionMap>('GET', '/access/permissions');
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
