import type { BuildRequest, Placement } from '@labforge/contracts';
import { formatDescription } from './build-record.js';
import type { EngineEnv } from './engine-env.js';
import { BuilderError, cancelledError, isAbort, pveText, stepError } from './errors.js';
import { planBuild, type BuildPlan } from './plan.js';
import { StepRunner } from './step-runner.js';
import type { BuildCheckpoint, BuildContext, BuildOutcome } from './types.js';
import type { FetchResult } from './virtio-fetch.js';
import { buildCreateConfig, type VirtioState } from './vm-config.js';
import { consoleUrl, removeOwnVm, vmPath, waitTask } from './vm-ops.js';

/** What a checkpoint records: enough to pick the build up after an API restart. */
export interface BuildState {
  name: string;
  node: string;
  storage: string;
  placement: Placement;
  vmid?: number;
  upid?: string;
  created: boolean;
  virtioVolid?: string;
  virtioKey?: string;
  virtioPending?: boolean;
  virtioUpid?: string;
  templateUpid?: string;
  /** The VM already is a template (seen on resume). */
  converted?: boolean;
  template?: boolean;
  windows?: boolean;
}

export function checkpointOf(step: string, s: BuildState): BuildCheckpoint {
  return { step, ...s };
}

interface VirtioPlan {
  state: VirtioState;
  volid?: string;
  done?: Promise<FetchResult>;
  upid?: string;
}

async function virtioStep(env: EngineEnv, plan: BuildPlan, run: StepRunner): Promise<VirtioPlan> {
  if (!plan.spec.wantsVirtio) return { state: 'none' };
  const found = plan.decision.chosen.virtioVolid;
  return run.step(
    'virtio',
    async (): Promise<VirtioPlan> => {
      if (found) return { state: 'attached', volid: found };
      const started = await env.virtio.start(plan.node, plan.storages, {
        progress: (f, d) => run.progress('virtio', f, d),
        log: (l) => run.log('virtio', l),
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
  const description = formatDescription({
    built_by: ctx.user,
    built_at: new Date(env.now()).toISOString(),
    iso_file: req.iso_file,
    os_type: plan.spec.osType,
    job_id: ctx.jobId,
    ...(virtio.volid ? { virtio_iso_file: virtio.volid } : {}),
  });
  const configFor = (vmid: number) =>
    buildCreateConfig({
      spec: plan.spec,
      vmid,
      name,
      isoFile: req.iso_file,
      storage: chosen.storage.storage,
      storageType: chosen.storage.type,
      bridge: req.network_bridge,
      virtio: { state: virtio.state, ...(virtio.volid ? { volid: virtio.volid } : {}) },
      msCert: plan.msCert,
      description,
    });
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
          return await env.client.request<string>(
            'POST',
            `/nodes/${encodeURIComponent(plan.node)}/qemu`,
            configFor(id).params,
          );
        } catch (err) {
          // The allocator retries these two; everything else is this step's failure.
          if (/already exists|got timeout/i.test(pveText(err))) throw err;
          throw stepError('create', 'Creating the VM failed', err);
        }
      },
      (id, text) =>
        run.log(
          'allocate-vmid',
          /got timeout/.test(text)
            ? `Proxmox lock busy for VMID ${id} (${text}); trying again shortly`
            : `VMID ${id} taken meanwhile (${text}); asking again`,
        ),
    )
    .catch((err: unknown) => {
      const e =
        err instanceof BuilderError ? err : stepError(run.current, 'Creating the VM failed', err);
      run.finished(run.current, 'failed', e.message);
      throw e;
    });
  state.vmid = vmid;
  state.upid = upid;
  run.checkpoint(checkpointOf('create', state));
  return finishBuild(env, req, ctx, run, state, virtio.done);
}

/** From "create task started" to the outcome; also the resume path. */
export async function finishBuild(
  env: EngineEnv,
  req: BuildRequest,
  ctx: BuildContext,
  run: StepRunner,
  state: BuildState,
  virtioDone?: Promise<FetchResult>,
): Promise<BuildOutcome> {
  const { node } = state;
  const vmid = state.vmid as number;
  try {
    if (!state.created) {
      await run.step(
        'create',
        async () => {
          if (state.upid) await waitTask(env, run, 'create', state.upid, ctx.signal);
        },
        () => `VM ${vmid} created on ${node} (stopped)`,
      );
      state.created = true;
      run.checkpoint(checkpointOf('created', state));
    }
    if (state.virtioPending) {
      await run.step(
        'attach-virtio',
        () => attachVirtio(env, run, state, ctx.signal, virtioDone),
        (r) => r,
      );
      state.virtioPending = false;
      run.checkpoint(checkpointOf('virtio-attached', state));
    }
    if (req.convert_to_template && state.converted) {
      run.skip('convert-template', `VM ${vmid} already is a template`);
    } else if (req.convert_to_template) {
      await run.step(
        'convert-template',
        async () => {
          if (!state.templateUpid) {
            state.templateUpid = await env.client.request<string>(
              'POST',
              `${vmPath(node, vmid)}/template`,
            );
            run.checkpoint(checkpointOf('convert-template', state));
          }
          await waitTask(env, run, 'convert-template', state.templateUpid, ctx.signal);
        },
        () => `VM ${vmid} is now a template; its install media stay attached`,
      );
      run.checkpoint(checkpointOf('converted', state));
    } else {
      run.skip('convert-template', 'not requested');
    }
  } catch (err) {
    throw await failAfterCreate(env, run, state, err, ctx.signal);
  }
  run.checkpoint(checkpointOf('done', state));
  return outcome(env, req, run, state);
}

async function attachVirtio(
  env: EngineEnv,
  run: StepRunner,
  state: BuildState,
  signal: AbortSignal,
  done?: Promise<FetchResult>,
): Promise<string> {
  let result: FetchResult;
  if (done) {
    result = await abortable(done, signal);
  } else if (state.virtioUpid) {
    // Resumed: the download task survived our restart; wait for it again.
    try {
      await waitTask(env, run, 'attach-virtio', state.virtioUpid, signal);
      env.inventory.invalidate();
      result = { ok: true, volid: state.virtioVolid as string, via: 'api' };
    } catch (err) {
      if (isAbort(err)) throw err;
      result = { ok: false, warning: `VirtIO driver ISO download failed: ${pveText(err)}` };
    }
  } else {
    const listing = await env.inventory.list(true);
    const there = listing.isos.find((i) => i.volid === state.virtioVolid);
    result = there
      ? { ok: true, volid: there.volid, via: 'ssh' }
      : { ok: false, warning: 'VirtIO driver ISO fetch did not complete' };
  }
  if (!result.ok) {
    run.warn(
      `${result.warning} The VM's disk and NIC are VirtIO: attach a virtio-win ISO as ${state.virtioKey ?? 'ide0'} before installing Windows.`,
    );
    delete state.virtioVolid;
    return 'driver ISO not attached';
  }
  const key = state.virtioKey ?? 'ide0';
  await env.client.request('PUT', `${vmPath(state.node, state.vmid as number)}/config`, {
    [key]: `${result.volid},media=cdrom`,
  });
  state.virtioVolid = result.volid;
  return `${result.volid} attached as ${key}${result.via === 'ssh' ? ' (fetched over SSH)' : ''}`;
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelledError('attach-virtio'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError('attach-virtio'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function failAfterCreate(
  env: EngineEnv,
  run: StepRunner,
  state: BuildState,
  err: unknown,
  signal: AbortSignal,
): Promise<BuilderError> {
  const step = run.current;
  const cancelled = isAbort(err) || signal.aborted;
  const base = cancelled
    ? cancelledError(step)
    : err instanceof BuilderError
      ? err
      : stepError(step, stepLabel(step), err);
  const problem = await removeOwnVm(env, run, {
    node: state.node,
    vmid: state.vmid as number,
    name: state.name,
    jobId: run.ctx.jobId,
    ...(state.upid ? { createUpid: state.upid } : {}),
  });
  const message = problem
    ? `${base.message}. ${problem}`
    : `${base.message}. VM ${state.vmid} was removed.`;
  return new BuilderError(base.status, message, {
    step: base.step ?? step,
    details: {
      ...base.details,
      vmid: state.vmid,
      node: state.node,
      left_over: problem !== undefined,
    },
    cause: err,
  });
}

function stepLabel(step: string): string {
  const labels: Record<string, string> = {
    create: 'Creating the VM failed',
    'attach-virtio': 'Attaching the VirtIO driver ISO failed',
    'convert-template': 'Converting the VM to a template failed',
  };
  return labels[step] ?? `Step ${step} failed`;
}

function outcome(env: EngineEnv, req: BuildRequest, run: StepRunner, s: BuildState): BuildOutcome {
  const vmid = s.vmid as number;
  const template = req.convert_to_template;
  const next: string[] = [];
  if (template) {
    next.push(
      `Template ${vmid} keeps its install media attached (ide2${s.virtioVolid ? ` and ${s.virtioKey ?? 'ide0'}` : ''}), as intended for classes; clones boot the installer until the OS is installed in them.`,
    );
  } else {
    next.push(
      `Open the console of VM ${vmid} on ${s.node} and install the OS (the VM is stopped).`,
    );
    if (s.windows)
      next.push(
        'In Windows Setup, load the VirtIO SCSI driver from the virtio-win CD (vioscsi\\w11\\amd64 or w10).',
      );
    next.push('Install the QEMU guest agent in the guest.');
    next.push(
      `When it is ready, finalise it into a template (eject media, convert): "Finalise as template" in the Template Builder, or POST /api/vm-builder/templates with vmid ${vmid}.`,
    );
  }
  return {
    vmid,
    node: s.node,
    name: s.name,
    template,
    iso_file: req.iso_file,
    ...(s.virtioVolid ? { virtio_iso_file: s.virtioVolid } : {}),
    storage: s.storage,
    warnings: [...run.warnings],
    placement: s.placement,
    console_url: consoleUrl(env.cluster.webUiUrl, s.node, vmid, s.name),
    next_steps: next,
  };
}
