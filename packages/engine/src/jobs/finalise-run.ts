import type { FinaliseTemplateRequest } from '@labforge/contracts';
import type { QemuConfig } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext, FinaliseOutcome } from '../types.js';
import { ejectChanges, isCdrom, isDriveKey } from '../vm/media.js';
import { convertToTemplate, isTemplate, readConfig } from '../vm/ops.js';

async function locate(env: EngineEnv, vmid: number, node?: string): Promise<string> {
  if (node) return node;
  const vms = await env.client.cluster.resources('vm');
  const vm = vms.find((v) => v.vmid === vmid && v.type === 'qemu');
  if (!vm?.node)
    throw new BuilderError(404, `VM ${vmid} not found in this cluster`, { step: 'check' });
  return vm.node;
}

/** A hand-installed VM becomes a template: must be stopped; media ejected on request. */
export async function finaliseTemplate(
  env: EngineEnv,
  req: FinaliseTemplateRequest,
  ctx: BuildContext,
): Promise<FinaliseOutcome> {
  const run = new StepRunner(ctx);
  const { vmid } = req;
  const { node, cfg } = await run.step('check', async () => {
    const n = await locate(env, vmid, req.node);
    const c = await readConfig(env, n, vmid).catch((err: unknown) => {
      throw stepError('check', `Reading VM ${vmid} failed`, err);
    });
    if (!c) throw new BuilderError(404, `VM ${vmid} not found on node ${n}`, { step: 'check' });
    if (isTemplate(c))
      throw new BuilderError(409, `VM ${vmid} already is a template`, { step: 'check' });
    if (typeof c.lock === 'string')
      throw new BuilderError(409, `VM ${vmid} is locked (${c.lock})`, { step: 'check' });
    const st = await env.client.qemu.status(n, vmid);
    if (st.status !== 'stopped') {
      throw new BuilderError(
        409,
        `VM ${vmid} is ${st.status}: shut it down before converting it to a template`,
        { step: 'check' },
      );
    }
    return { node: n, cfg: c };
  });

  const ejected: string[] = [];
  if (req.eject_media) {
    await run.step(
      'eject-media',
      async () => {
        const { changes, ejected: gone } = ejectChanges(cfg);
        ejected.push(...gone);
        if (Object.keys(changes).length === 0) return;
        await env.client.qemu.updateConfig(node, vmid, changes);
      },
      () =>
        ejected.length ? `ejected ${ejected.join(', ')}; disk boots first` : 'no media attached',
    );
  } else {
    run.skip('eject-media', 'media stay attached as requested');
  }

  await run
    .step(
      'convert-template',
      () =>
        convertToTemplate(env, run, { node, vmid }, ctx.signal, {
          started: (upid) =>
            run.checkpoint({ step: 'convert-template', node, vmid, templateUpid: upid }),
        }),
      () => `VM ${vmid} is now a template`,
    )
    .catch((err: unknown) => {
      throw err instanceof BuilderError
        ? err
        : stepError('convert-template', 'Converting the VM to a template failed', err);
    });

  const warnings = await localDiskWarnings(env, cfg);
  for (const w of warnings) run.warn(w);
  return { vmid, node, ejected, warnings: [...run.warnings] };
}

/**
 * Templates on node-local storage can be linked-cloned only on their own node, and full clones
 * to another node need a target storage there (PVE refuses a linked clone across nodes).
 */
async function localDiskWarnings(env: EngineEnv, cfg: QemuConfig): Promise<string[]> {
  const stores = new Set<string>();
  for (const [key, value] of Object.entries(cfg)) {
    if (
      (isDriveKey(key) || key === 'efidisk0' || key === 'tpmstate0') &&
      typeof value === 'string' &&
      !isCdrom(value)
    ) {
      const sid = value.split(':')[0];
      if (sid) stores.add(sid);
    }
  }
  const [storages, nodes] = await Promise.all([
    env.client.cluster.resources('storage'),
    env.client.cluster.resources('node'),
  ]).catch(() => [[], []]);
  if (nodes.length < 2) return [];
  return [...stores]
    .filter((sid) => storages.some((s) => s.storage === sid && s.shared !== 1))
    .map(
      (sid) =>
        `The template's disks are on node-local storage '${sid}': full clones to other nodes need a target storage, and linked clones stay on this node.`,
    );
}
