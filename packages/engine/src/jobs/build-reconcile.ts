import type { BuildRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildCheckpoint, BuildContext, BuildOutcome } from '../types.js';
import { parseDescription } from '../vm/build-record.js';
import { isTemplate, readConfig } from '../vm/ops.js';
import { findOwnCreate } from '../vm/own-create.js';
import { findOwnVms } from '../vm/own-vms.js';
import { finishBuild } from './build-finish.js';
import { runBuild } from './build-run.js';
import type { BuildState } from './build-state.js';

/** A VM this job created before the API died (crash between the POST and its checkpoint). */
async function findOwnVm(
  env: EngineEnv,
  jobId: string,
  name: string,
): Promise<{ node: string; vmid: number } | undefined> {
  const vms = await env.client.cluster.resources('vm');
  return (await findOwnVms(env, vms, jobId, new Set([name]))).get(name);
}

/**
 * Picks a build up from its last checkpoint: never creates a second VM for the same job, never
 * touches a VM that is not this job's (its description records the job id).
 */
export async function reconcileBuild(
  env: EngineEnv,
  req: BuildRequest,
  ctx: BuildContext,
  cp: BuildCheckpoint | undefined,
): Promise<BuildOutcome> {
  const run = new StepRunner(ctx);
  // Without a checkpoint the build had not touched the cluster yet: building afresh is safe.
  if (cp === undefined) return runBuild(env, req, ctx, { run });
  const saved = cp as Partial<BuildState> & BuildCheckpoint;
  let node = saved.node;
  let vmid = saved.vmid;
  if (vmid === undefined || node === undefined || saved.placement === undefined) {
    const found = saved.placement
      ? await findOwnVm(env, ctx.jobId, saved.name ?? req.vm_name)
      : undefined;
    if (!found) {
      run.log('resume', 'no VM was created before the restart: building from the start');
      return runBuild(env, req, ctx, { run });
    }
    ({ node, vmid } = found);
  }
  if (saved.step === 'creating') {
    // The API died after choosing the VMID, around the create request: find out what Proxmox did.
    const since = saved.createSince ?? Math.floor(env.now() / 1000) - 3600;
    const fate = await findOwnCreate(env, node, vmid, ctx.jobId, { since, signal: ctx.signal });
    if (fate.fate === 'absent') {
      run.log('resume', `Proxmox never received the create of VM ${vmid}: building from the start`);
      return runBuild(env, req, ctx, { run });
    }
    if (fate.fate === 'failed') {
      throw new BuilderError(502, `Creating the VM failed: ${fate.message}`, { step: 'create' });
    }
    if (fate.fate === 'foreign') {
      throw new BuilderError(
        409,
        `VM ${vmid} on ${node} was not created by this job; leaving it alone`,
        {
          step: 'resume',
        },
      );
    }
    run.log(
      'resume',
      `VM ${vmid} was created on ${node} while the API was down: carrying on with it`,
    );
  }
  const read = () =>
    readConfig(env, node, vmid).catch((err: unknown) => {
      throw stepError('resume', `Reading VM ${vmid} failed`, err);
    });
  let cfg = await read();
  // While qmcreate runs, PVE's config holds only `lock: create`; the description (our job id)
  // appears when the task ends. The UPID we recorded is that task.
  if (cfg?.lock === 'create' && saved.upid?.includes(`:qmcreate:${vmid}:`)) {
    await env.client.tasks.wait(saved.upid, { signal: ctx.signal }).catch(() => undefined);
    cfg = await read();
  }
  if (!cfg) {
    if (saved.upid) {
      const st = await env.client.tasks.status(node, saved.upid).catch(() => undefined);
      if (
        st?.status === 'stopped' &&
        st.exitstatus !== 'OK' &&
        !st.exitstatus?.startsWith('WARNINGS')
      ) {
        throw new BuilderError(502, `Creating the VM failed: ${st.exitstatus ?? 'unknown error'}`, {
          step: 'create',
        });
      }
    }
    if (saved.created) {
      throw new BuilderError(409, `VM ${vmid} built by this job no longer exists on ${node}`, {
        step: 'resume',
      });
    }
    run.log('resume', `VM ${vmid} was never created: building from the start`);
    return runBuild(env, req, ctx, { run });
  }
  if (parseDescription(cfg.description)?.job_id !== ctx.jobId) {
    throw new BuilderError(
      409,
      `VM ${vmid} on ${node} was not created by this job; leaving it alone`,
      { step: 'resume' },
    );
  }
  const state: BuildState = {
    name: saved.name ?? req.vm_name,
    node,
    storage: saved.storage ?? '',
    placement: saved.placement ?? {
      node,
      reason: 'resumed after a restart',
      candidates: [node],
      rejected: [],
    },
    vmid,
    created: cfg.lock !== 'create',
    ...(saved.upid ? { upid: saved.upid } : {}),
    ...(saved.templateUpid ? { templateUpid: saved.templateUpid } : {}),
    ...(saved.virtioKey ? { virtioKey: saved.virtioKey } : {}),
    ...(saved.virtioVolid ? { virtioVolid: saved.virtioVolid } : {}),
    ...(saved.virtioUpid ? { virtioUpid: saved.virtioUpid } : {}),
    virtioPending: saved.virtioPending === true && !(saved.virtioKey && cfg[saved.virtioKey]),
    converted: isTemplate(cfg),
    template: req.convert_to_template,
    windows: saved.windows === true,
  };
  run.log('resume', `resuming VM ${vmid} on ${node} after step ${cp.step}`);
  return finishBuild(env, req, ctx, run, state);
}
