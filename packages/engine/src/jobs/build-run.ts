import type { BuildRequest } from '@labforge/contracts';
import { isAlreadyExists, isLockTimeout } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { planBuild, type BuildPlan } from '../placement/plan.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, BuildOutcome } from '../types.js';
import type { FetchResult } from '../virtio/fetch.js';
import type { VirtioState } from '../vm/config.js';
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

/** A full build: plan, drivers, VMID + create, attach drivers, optional template. */
export async function runBuild(
  env: EngineEnv,
  req: BuildRequest,
  ctx: BuildContext,
  opts: { run?: StepRunner; plan?: BuildPlan; name?: string } = {},
): Promise<BuildOutcome> {
  const run = opts.run ?? new StepRunner(ctx);
  const name = opts.name ?? req.vm_name;
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
        try {
          return await env.client.qemu.create(plan.node, configFor(id).params);
        } catch (err) {
          // The allocator retries these two; everything else is this step's failure.
          if (isAlreadyExists(err) || isLockTimeout(err)) throw err;
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
    )
    .catch((err: unknown) => {
      const e =
        err instanceof BuilderError ? err : stepError(run.current, 'Creating the VM failed', err);
      run.finished(run.current === 'start' ? 'allocate-vmid' : run.current, 'failed', e.message);
      throw e;
    });
  state.vmid = vmid;
  state.upid = upid;
  run.checkpoint(checkpointOf('create', state));
  return finishBuild(env, req, ctx, run, state, virtio.done);
}
