import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { locateVm } from '../vms/locate.js';
import { composeDescription, composeTags, splitTags } from './notes.js';

export interface TemplateNotesInput {
  /** The author's description (empty: no notes section). */
  notes: string;
  /** The card's tags now. */
  tags: readonly string[];
  /** The card's tags before this change (only these are taken out of Proxmox's tags). */
  previousTags: readonly string[];
}

export interface TemplateNotesOutcome {
  vmid: number;
  node: string;
  /** What Proxmox now holds. */
  description: string;
  tags: string[];
}

/**
 * Mirrors a template's card into Proxmox: `description` (the build record or whatever preceded
 * LabForge's notes stays byte for byte, then the notes) and `tags` (the `labforge` tag and any
 * tag set in Proxmox are kept). Only these two options are sent, with the config's digest, so
 * a concurrent change is refused rather than overwritten; hardware and disks are never touched.
 * qemu-server accepts both options on a template (they need VM.Config.Options).
 */
export async function writeTemplateNotes(
  env: EngineEnv,
  vmid: number,
  input: TemplateNotesInput,
): Promise<TemplateNotesOutcome> {
  const vm = await locateVm(env, vmid);
  if (!vm.template) throw new BuilderError(409, `VM ${vmid} is not a template any more`);
  const description = composeDescription(vm.cfg.description, input.notes);
  const tags = composeTags(vm.cfg.tags, input.previousTags, input.tags);
  const deletes = [
    ...(description === '' && vm.cfg.description !== undefined ? ['description'] : []),
    ...(tags === '' && vm.cfg.tags !== undefined ? ['tags'] : []),
  ];
  const unchanged = description === (vm.cfg.description ?? '') && tags === (vm.cfg.tags ?? '');
  try {
    if (!unchanged)
      await env.client.qemu.updateConfig(vm.node, vmid, {
        ...(description !== '' ? { description } : {}),
        ...(tags !== '' ? { tags } : {}),
        ...(deletes.length > 0 ? { delete: deletes.join(',') } : {}),
        ...(typeof vm.cfg.digest === 'string' ? { digest: vm.cfg.digest } : {}),
      });
  } catch (err) {
    throw stepError('vm', `Writing the notes and tags of template ${vmid} failed`, err);
  }
  return { vmid, node: vm.node, description, tags: splitTags(tags) };
}
