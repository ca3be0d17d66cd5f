import type { FinaliseTemplateRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildCheckpoint, BuildContext, FinaliseOutcome } from '../types.js';
import { isTemplate, readConfig } from '../vm/ops.js';
import { finaliseTemplate } from './finalise-run.js';

/**
 * A finalise job picked up after an API restart: a VM that already is a template means the
 * conversion finished; a stopped VM is finalised normally; a VM that is gone is a clear failure.
 */
export async function reconcileFinalise(
  env: EngineEnv,
  req: FinaliseTemplateRequest,
  ctx: BuildContext,
  checkpoint?: BuildCheckpoint,
): Promise<FinaliseOutcome> {
  const run = new StepRunner(ctx);
  const { vmid } = req;
  // A conversion task started before the restart keeps running in PVE: let it end first.
  if (typeof checkpoint?.templateUpid === 'string') {
    await env.client.tasks
      .wait(checkpoint.templateUpid, { signal: ctx.signal, timeoutMs: 120_000 })
      .catch(() => undefined);
  }
  const vms = await env.client.cluster.resources('vm');
  const vm = vms.find((v) => v.vmid === vmid && v.type === 'qemu');
  const node = vm?.node;
  const cfg = node
    ? await readConfig(env, node, vmid).catch((err: unknown) => {
        throw stepError('check', `Reading VM ${vmid} failed`, err);
      })
    : undefined;
  if (!node || !cfg) {
    run.finished(
      'check',
      'failed',
      `VM ${vmid} no longer exists in this cluster; nothing to finalise`,
    );
    throw new BuilderError(
      404,
      `VM ${vmid} no longer exists in this cluster: it was removed while the API was restarting, so it cannot be finalised`,
      { step: 'check' },
    );
  }
  if (isTemplate(cfg)) {
    run.finished('check', 'done', `VM ${vmid} already is a template`);
    run.skip('eject-media', 'reconciled after a restart');
    run.skip('convert-template', `VM ${vmid} already is a template`);
    const warning = `This job was reconciled after an API restart: VM ${vmid} on ${node} already is a template, so nothing was changed (media were not ejected again).`;
    run.warn(warning);
    return { vmid, node, ejected: [], warnings: [...run.warnings] };
  }
  return finaliseTemplate(env, { ...req, node }, ctx);
}
