import type { BuildRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import {
  BuilderError,
  cancelledError,
  isAbort,
  pveText,
  stepError,
} from '../errors/builder-error.js';
import type { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, BuildOutcome } from '../types.js';
import type { FetchResult } from '../virtio/fetch.js';
import { consoleUrl, convertToTemplate, removeOwnVm, waitTask } from '../vm/ops.js';
import { checkpointOf, type BuildState } from './build-state.js';

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
          await convertToTemplate(env, run, { node, vmid }, ctx.signal, {
            upid: state.templateUpid,
            started: (upid) => {
              state.templateUpid = upid;
              run.checkpoint(checkpointOf('convert-template', state));
            },
          });
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
  await env.client.qemu.updateConfig(state.node, state.vmid as number, {
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
      s.windows
        ? `On My VMs, press "Start and boot from ISO" for VM ${vmid} (it presses the key Windows Setup waits for), then "Console" to install the OS.`
        : `On My VMs, start VM ${vmid} (it is stopped), then open its "Console" to install the OS.`,
    );
    if (s.windows)
      next.push(
        'In Windows Setup, load the VirtIO SCSI driver from the virtio-win CD (vioscsi\\w11\\amd64 or w10).',
      );
    next.push('Install the QEMU guest agent in the guest.');
    next.push(
      `When it is ready: "Shut down", "Eject media", then "Finalise as template" on My VMs.`,
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
