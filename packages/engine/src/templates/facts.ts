import type { TemplateBaseStorage, TemplateHardware } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { readResources } from '../inventory/cluster-facts.js';
import { parseDescription, type BuildRecord } from '../vm/build-record.js';
import { attachedMedia } from '../vm/media.js';
import { isTemplate, readConfig } from '../vm/ops.js';
import { templateHardware, virtioIsoVersion } from './hardware.js';
import { descriptionNotes, splitTags } from './notes.js';

/** What Proxmox says of one template, for its card. */
export interface TemplateFacts {
  vmid: number;
  node: string;
  name: string;
  /** Proxmox's `ostype` (`win11`, `l26`, ...), when set. */
  pve_ostype?: string;
  /** LabForge's build record in the description, when it built the template. */
  record?: Partial<BuildRecord>;
  hardware: TemplateHardware;
  virtio_win: { iso_file: string; version: string | null } | null;
  base_storages: TemplateBaseStorage[];
  tags: string[];
  /** The notes LabForge wrote into the description (after its marker). */
  notes: string;
}

/**
 * Facts for these VMIDs: one `/cluster/resources` for VMs and one for storages, then the config
 * of each that `/cluster/resources` marks as a template, through the per-node read limiter. VMIDs Proxmox does not have, and VMs
 * that are not templates (a VMID reused by an ordinary VM), are left out: the caller shows
 * those cards as missing. A config that cannot be read leaves that template out too.
 */
export async function readTemplateFacts(
  env: EngineEnv,
  vmids: readonly number[],
): Promise<TemplateFacts[]> {
  if (vmids.length === 0) return [];
  const wanted = new Set(vmids);
  const [vms, storages] = await Promise.all([
    readResources(env.client, 'vm'),
    readResources(env.client, 'storage'),
  ]);
  const shared = new Map<string, boolean>();
  for (const s of storages) {
    if (s.storage) shared.set(s.storage, (shared.get(s.storage) ?? false) || s.shared === 1);
  }
  // Only templates' configs are read: a class of clones among the VMIDs costs nothing.
  const found = vms.filter(
    (v) =>
      v.type === 'qemu' && v.vmid !== undefined && wanted.has(v.vmid) && v.node && v.template === 1,
  );
  const out = await Promise.all(
    found.map(async (v): Promise<TemplateFacts | undefined> => {
      const node = v.node as string;
      const vmid = v.vmid as number;
      const cfg = await env.reads
        .run(node, () => readConfig(env, node, vmid))
        .catch(() => undefined);
      if (!cfg || !isTemplate(cfg)) return undefined;
      const record = parseDescription(cfg.description);
      const hardware = templateHardware(cfg);
      const virtioIso =
        record?.virtio_iso_file ||
        attachedMedia(cfg).find((m) => /virtio-win/i.test(m.volume))?.volume;
      const stores = [...new Set(hardware.disks.map((d) => d.storage))].sort();
      return {
        vmid,
        node,
        name: typeof cfg.name === 'string' ? cfg.name : `VM ${vmid}`,
        ...(typeof cfg.ostype === 'string' ? { pve_ostype: cfg.ostype } : {}),
        ...(record ? { record } : {}),
        hardware,
        virtio_win: virtioIso
          ? { iso_file: virtioIso, version: virtioIsoVersion(virtioIso) }
          : null,
        base_storages: stores.map((storage) => ({ storage, shared: shared.get(storage) ?? false })),
        tags: splitTags(cfg.tags),
        notes: descriptionNotes(cfg.description),
      };
    }),
  );
  return out.filter((f): f is TemplateFacts => f !== undefined).sort((a, b) => a.vmid - b.vmid);
}
