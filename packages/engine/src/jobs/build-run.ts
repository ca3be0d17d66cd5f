import type { BuildRequest } from '@labforge/contracts';
import {
  isAlreadyExists,
  isLockTimeout,
  PveHttpError,
  PveNetworkError,
  PveTimeoutError,
} from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, pveText, stepError } from '../errors/builder-error.js';
import { planBuild, type BuildPlan } from '../placement/plan.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, BuildOutcome } from '../types.js';
import type { FetchResult } from '../virtio/fetch.js';
import type { VirtioState } from '../vm/config.js';
import { createRefusal } from '../vm/cpu-model.js';
import { findOwnCreate } from '../vm/own-create.js';
import { finishBuild } from './build-finish.js';
import { checkpointOf, type BuildState } from './build-state.js';

interface VirtioOutcome {
  state: VirtioState;
  volid?: string;
  done?: Promise<FetchResult>;
  upid?: string;
}

/** Carries out the plan's driver choice: attach what the node reads, else start a download. */
async function virtioStep(
  env: EngineEnv,
  plan: BuildPlan,
  run: StepRunner,
): Promise<VirtioOutcome> {
  const choice = plan.virtio;
  if (choice.kind === 'not-needed') return { state: 'none' };
  return run.step(
    'virtio-drivers',
    async (): Promise<VirtioOutcome> => {
      if (choice.kind === 'attach') return { state: 'attached', volid: choice.volid };
      const started = await env.virtio.start(plan.node, plan.storages, {
        progress: (f, d) => run.progress('virtio-drivers', f, d),
        log: (l) => run.log('virtio-drivers', l),
      });
      if ('warning' in started) {
        run.warn(started.warning);
        return { state: 'none' };
      }
      // The VM is created while the driver ISO downloads; it is attached once there.
      return {
        state: 'pending',
        volid: started.volid,
        done: started.done,
        ...(started.upid ? { upid: started.upid } : {}),
      };
    },
    (v) =>
      v.state === 'attached'
        ? `using ${v.volid}`
        : v.state === 'pending'
          ? `downloading ${v.volid} in the background`
          : 'no driver ISO: SATA disk and e1000e NIC instead of VirtIO',
  );
}

/** PVE's and our clocks may differ: tasks this long before our request still count as ours. */
const CLOCK_SKEW_S = 300;

/**
 * The create was sent but its answer was lost (connection dropped or timed out): Proxmox may or
 * may not have created the VM. Finds out, then adopts the VM (returning its task, or '' when the
 * task already ended) or fails saying that nothing was left behind.
 */
async function settleLostAnswer(
  env: EngineEnv,
  run: StepRunner,
  ctx: BuildContext,
  node: string,
  vmid: number,
  since: number,
  cause: Error,
): Promise<string> {
  run.log('create', `the answer to the create was lost (${cause.message}); checking VM ${vmid}`);
  const fate = await findOwnCreate(env, node, vmid, ctx.jobId, { since, signal: ctx.signal });
  if (fate.fate === 'created') {
    run.warn(
      `The connection to Proxmox broke while creating the VM; Proxmox had created VM ${vmid} on ${node} and this build carried on with it.`,
    );
    return fate.upid ?? '';
  }
  if (fate.fate === 'failed') {
    throw new BuilderError(502, `Creating the VM failed: ${fate.message}`, { step: 'create' });
  }
  throw new BuilderError(
    502,
    fate.fate === 'foreign'
      ? `The connection to Proxmox broke while creating the VM, and VM ${vmid} now belongs to something else; nothing of this build was left behind`
      : `The connection to Proxmox broke while creating the VM; Proxmox did not create VM ${vmid}, so nothing was left behind`,
    { step: 'create', cause },
  );
}

/** A full build: plan, drivers, VMID + create, attach drivers, optional template. */
export async function runBuild(
  env: EngineEnv,
  req: BuildRequest,
  ctx: BuildContext,
  opts: { run?: StepRunner; plan?: BuildPlan; name?: string } = {},
): Promise<BuildOutcome> {
  const run = opts.run ?? new StepRunner(ctx);
  const name = opts.name ?? req.vm_name;
  // A single build asks for its VMID while it plans (one round trip less before the create);
  // the items of a bulk share the lock and ask under it.
  const early =
    opts.plan === undefined && req.vmid === undefined ? env.vmids.askEarly() : undefined;
  const plan = opts.plan ?? (await planBuild(env, req, run));
  for (const w of plan.warnings) run.warn(w);
  const chosen = plan.decision.chosen;
  const state: BuildState = {
    name,
    node: plan.node,
    storage: chosen.storage.storage,
    placement: plan.decision.placement,
    created: false,
    template: req.convert_to_template,
    windows: plan.spec.wantsVirtio,
  };
  run.checkpoint(checkpointOf('placed', state));
  const nodeCount = new Set(plan.storages.map((s) => s.node)).size;
  if (req.convert_to_template && !chosen.storage.shared && nodeCount > 1) {
    run.warn(
      `The template's disks are on node-local storage '${chosen.storage.storage}': clones to other nodes need a full clone with a target storage.`,
    );
  }
  const virtio = await virtioStep(env, plan, run);
  if (virtio.volid) state.virtioVolid = virtio.volid;
  if (virtio.state === 'pending') {
    state.virtioPending = true;
    if (virtio.upid) state.virtioUpid = virtio.upid;
  }
  const record = {
    built_by: ctx.user,
    built_at: new Date(env.now()).toISOString(),
    job_id: ctx.jobId,
  };
  const configFor = (vmid: number) =>
    plan.createConfig({ vmid, name, virtio: { state: virtio.state, volid: virtio.volid }, record });
  // Validate before allocating anything: a bad value fails here, not half-way.
  const probe = configFor(req.vmid ?? 100);
  for (const w of probe.warnings) run.warn(w);
  if (probe.virtioKey) state.virtioKey = probe.virtioKey;

  run.checkCancelled();
  run.current = 'allocate-vmid';
  run.running('allocate-vmid');
  const { vmid, result: upid } = await env.vmids
    .createWith(
      req.vmid,
      async (id) => {
        run.finished('allocate-vmid', 'done', `VMID ${id}`);
        run.current = 'create';
        run.running('create', `creating VM ${id} on ${plan.node}`);
        // Recorded before the request leaves: if the API dies while Proxmox creates the VM, the
        // restarted process knows which VMID to look for (the config holds no name until then).
        const since = Math.floor(env.now() / 1000) - CLOCK_SKEW_S;
        run.checkpoint(checkpointOf('creating', { ...state, vmid: id, createSince: since }));
        try {
          return await env.client.qemu.create(plan.node, configFor(id).params);
        } catch (err) {
          // The allocator retries these two; everything else is this step's failure.
          if (isAlreadyExists(err) || isLockTimeout(err)) throw err;
          if (err instanceof PveNetworkError || err instanceof PveTimeoutError) {
            return settleLostAnswer(env, run, ctx, plan.node, id, since, err);
          }
          if (err instanceof PveHttpError && err.status === 400) {
            throw createRefusal(err.errors, pveText(err));
          }
          throw stepError('create', 'Creating the VM failed', err);
        }
      },
      (id, text, why) =>
        run.log(
          'allocate-vmid',
          why === 'locked'
            ? `Proxmox lock busy for VMID ${id} (${text}); trying again shortly`
            : `VMID ${id} taken meanwhile (${text}); asking again`,
        ),
      early,
    )
    .catch((err: unknown) => {
      const e =
        err instanceof BuilderError ? err : stepError(run.current, 'Creating the VM failed', err);
      run.finished(run.current === 'start' ? 'allocate-vmid' : run.current, 'failed', e.message);
      throw e;
    });
  state.vmid = vmid;
  if (upid) state.upid = upid;
  else state.created = true; // adopted after a lost answer, with its qmcreate already finished
  run.checkpoint(checkpointOf('create', state));
  return finishBuild(env, req, ctx, run, state, virtio.done);
}
