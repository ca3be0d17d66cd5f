import type { CloneKind } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import { BuilderError } from '../errors/builder-error.js';
import { formatGiB } from '../util/sizes.js';

/** A disk of the template (CD-ROMs excluded). */
export interface TemplateDisk {
  key: string;
  volid: string;
  storage: string;
  /** The volume name after `storage:`. */
  volume: string;
  sizeBytes: number;
}

export interface TemplateFacts {
  vmid: number;
  node: string;
  name: string;
  memoryBytes: number;
  disks: TemplateDisk[];
  /** Bridges its NICs use. */
  bridges: string[];
  tags: string[];
}

export interface DeployPlanInput {
  template: TemplateFacts;
  nodes: readonly ClusterResource[];
  storages: readonly ClusterResource[];
  /** Bridges per candidate node; an Error when listing them failed. */
  bridges: ReadonlyMap<string, readonly string[] | Error>;
  clone: CloneKind | undefined;
  storage: string | undefined;
  allowed: readonly string[] | undefined;
  count: number;
}

export interface DeployTarget {
  node: string;
  /** The storage the clone's disks go to: the key the per-storage bound counts on. */
  storageKey: string;
}

export interface DeployPlan {
  clone: CloneKind;
  /** Why a linked clone is impossible (set when the plan is a full clone for that reason). */
  linkedWhyNot?: string;
  /** One target per VM, in order. */
  targets: DeployTarget[];
  /** Every node considered, with why it was not used (empty reasons: used). */
  verdicts: Array<{ node: string; reasons: string[] }>;
  warnings: string[];
}

/** Storage types whose base volumes PVE can clone linked (qemu-server's clone feature). */
const LINKED_BLOCK = new Set(['lvmthin', 'zfspool', 'rbd']);
const LINKED_FILE = new Set(['dir', 'nfs', 'cifs', 'glusterfs', 'btrfs']);
const TYPE_WORDS: Record<string, string> = {
  lvm: 'LVM',
  lvmthin: 'LVM-thin',
  zfspool: 'ZFS',
  iscsi: 'iSCSI',
  iscsidirect: 'iSCSI',
  dir: 'a directory',
  nfs: 'NFS',
  cifs: 'SMB/CIFS',
};

const isShared = (s: ClusterResource | undefined) => Number(s?.shared ?? 0) === 1;
const images = (s: ClusterResource) => (s.content ?? '').split(',').includes('images');

function storageOn(storages: readonly ClusterResource[], node: string, id: string) {
  return storages.find((s) => s.node === node && s.storage === id);
}

/** Why PVE would refuse a linked clone of this template, or undefined when it allows one. */
export function linkedCloneRefusal(
  template: TemplateFacts,
  storages: readonly ClusterResource[],
): string | undefined {
  for (const d of template.disks) {
    if (d.key.startsWith('tpmstate')) continue; // always copied, even for linked clones
    const s = storageOn(storages, template.node, d.storage);
    const type = s?.plugintype ?? 'unknown';
    // In words, without the drive key (scsi0, efidisk0): teachers read this in the deploy form.
    const disk = template.disks.length > 1 ? "one of the template's disks" : "the template's disk";
    const where = `${disk} is on storage '${d.storage}'`;
    const base = /(^|\/)base-\d+-/.test(d.volume);
    if (LINKED_BLOCK.has(type) && base) continue;
    if (LINKED_FILE.has(type) && base && /\.(raw|qcow2|vmdk)$/.test(d.volume)) continue;
    if (!LINKED_BLOCK.has(type) && !LINKED_FILE.has(type))
      return `A linked clone is not possible: ${where} (${TYPE_WORDS[type] ?? type}), which cannot make linked clones. Choose a full clone.`;
    return `A linked clone is not possible: ${where}, but it is not a template base disk there. Choose a full clone.`;
  }
  return undefined;
}

/** Where N clones of a template go and how, or a 422 naming the field that makes it impossible. */
export function planDeploy(input: DeployPlanInput): DeployPlan {
  const { template, storages } = input;
  const warnings: string[] = [];
  const whyNot = linkedCloneRefusal(template, storages);
  if (input.clone === 'linked' && whyNot)
    throw new BuilderError(422, whyNot, {
      step: 'plan-class',
      details: { fields: { clone: whyNot } },
    });
  const clone: CloneKind = input.clone ?? (whyNot ? 'full' : 'linked');
  if (input.clone === undefined && whyNot)
    warnings.push(`${whyNot.replace(/ Choose a full clone\.$/, '')}; making full clones instead.`);
  if (input.storage !== undefined && clone !== 'full')
    throw new BuilderError(400, 'storage is only for full clones', {
      step: 'plan-class',
      details: { fields: { storage: 'storage is only for full clones' } },
    });

  const allShared = template.disks.every((d) =>
    isShared(storageOn(storages, template.node, d.storage)),
  );
  const localDisk = template.disks.find(
    (d) => !isShared(storageOn(storages, template.node, d.storage)),
  );
  const totalBytes = template.disks.reduce((a, d) => a + d.sizeBytes, 0);
  const planned = new Map<string, number>();
  const placed = new Map<string, number>();
  const used = new Map<string, number>();
  const verdicts: DeployPlan['verdicts'] = [];
  const eligible: Array<{ node: string; free: number; storageKey: string; room: number }> = [];

  for (const n of [...input.nodes].sort((a, b) => (a.node ?? '').localeCompare(b.node ?? ''))) {
    const node = n.node as string;
    const reasons: string[] = [];
    if (input.allowed && !input.allowed.includes(node)) continue;
    if (n.status !== 'online') reasons.push('the node is offline');
    if (node !== template.node && !allShared)
      reasons.push(
        // No drive key (scsi0): teachers read this next to the node in the deploy form.
        `the template's disk is on storage '${localDisk?.storage ?? ''}', which only ${template.node} can read, so its clones stay on ${template.node}`,
      );
    let storageKey = '';
    let room = Number.POSITIVE_INFINITY;
    if (clone === 'full' && input.storage !== undefined) {
      const s = storageOn(storages, node, input.storage);
      if (!s || s.status !== 'available')
        reasons.push(`storage '${input.storage}' is not available on this node`);
      else if (!images(s)) reasons.push(`storage '${input.storage}' does not hold VM disks`);
      else if (node !== template.node && !isShared(s))
        reasons.push(
          `storage '${input.storage}' is local to this node; a clone made on ${template.node} can only be copied to shared storage`,
        );
      else {
        storageKey = isShared(s) ? input.storage : `${node}/${input.storage}`;
        room = Math.max(0, (s.maxdisk ?? 0) - (s.disk ?? 0));
      }
    } else {
      for (const d of template.disks) {
        const s = storageOn(storages, node, d.storage);
        if (!s || s.status !== 'available') {
          reasons.push(
            `storage '${d.storage}' with the template's disks is not available on this node`,
          );
          break;
        }
        if (!storageKey) {
          storageKey = isShared(s) ? d.storage : `${node}/${d.storage}`;
          if (clone === 'full') room = Math.max(0, (s.maxdisk ?? 0) - (s.disk ?? 0));
        }
      }
    }
    const bridges = input.bridges.get(node);
    if (bridges instanceof Error)
      reasons.push(`its bridges could not be read (${bridges.message})`);
    else
      for (const b of template.bridges)
        if (bridges && !bridges.includes(b))
          reasons.push(`bridge '${b}' does not exist on this node`);
    verdicts.push({ node, reasons });
    if (reasons.length === 0)
      eligible.push({ node, free: Math.max(0, (n.maxmem ?? 0) - (n.mem ?? 0)), storageKey, room });
  }
  if (eligible.length === 0) {
    const why = verdicts.map((v) => `${v.node}: ${v.reasons.join('; ')}`).join(' | ');
    const field = input.allowed ? 'nodes' : clone === 'full' && input.storage ? 'storage' : 'nodes';
    const message = `No node can take clones of ${template.name}${why ? ` (${why})` : ''}`;
    throw new BuilderError(422, message, {
      step: 'plan-class',
      details: { fields: { [field]: message }, verdicts },
    });
  }

  const targets: DeployTarget[] = [];
  for (let i = 0; i < input.count; i++) {
    const fits = eligible.filter(
      (e) => (used.get(e.storageKey) ?? 0) + (clone === 'full' ? totalBytes : 0) <= e.room,
    );
    if (fits.length === 0) {
      const message = `Not enough room for ${input.count} full clones: each needs ${formatGiB(totalBytes)}; only ${i} fit`;
      throw new BuilderError(422, message, {
        step: 'plan-class',
        details: { fields: { [input.storage ? 'storage' : 'count']: message } },
      });
    }
    // Spread the class evenly over the nodes that still have memory for one more VM (students
    // start them together); without room anywhere, the node with most memory left.
    const left = (e: (typeof fits)[number]) => e.free - (planned.get(e.node) ?? 0);
    const count = (e: (typeof fits)[number]) => placed.get(e.node) ?? 0;
    const roomy = fits.filter((e) => left(e) >= template.memoryBytes);
    const best = roomy.length
      ? roomy.reduce((a, b) =>
          count(b) < count(a) || (count(b) === count(a) && left(b) > left(a)) ? b : a,
        )
      : fits.reduce((a, b) => (left(b) > left(a) ? b : a));
    placed.set(best.node, count(best) + 1);
    planned.set(best.node, (planned.get(best.node) ?? 0) + template.memoryBytes);
    if (clone === 'full') used.set(best.storageKey, (used.get(best.storageKey) ?? 0) + totalBytes);
    targets.push({ node: best.node, storageKey: best.storageKey });
  }
  for (const e of eligible)
    if ((planned.get(e.node) ?? 0) > e.free)
      warnings.push(`${e.node} gets more VMs than its free memory can run at once`);
  return { clone, ...(whyNot ? { linkedWhyNot: whyNot } : {}), targets, verdicts, warnings };
}
