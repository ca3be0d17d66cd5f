import type { QemuConfig } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import type { TemplateDisk, TemplateFacts } from '../placement/deploy-plan.js';
import { isCdrom } from '../vm/media.js';
import { isTemplate, readConfig } from '../vm/ops.js';

const DISK_KEY = /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/;
const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

function sizeOf(value: string): number {
  const m = /(?:^|,)size=(\d+(?:\.\d+)?)([KMGT])?(?:,|$)/.exec(value);
  if (!m) return 0;
  return Math.round(Number(m[1]) * (m[2] ? (UNITS[m[2]] ?? 1) : 1));
}

/** The template's disks (volumes on a storage; CD-ROMs and pass-through paths left out). */
export function templateDisks(cfg: QemuConfig): TemplateDisk[] {
  const out: TemplateDisk[] = [];
  for (const key of Object.keys(cfg).sort()) {
    const value = cfg[key];
    if (!DISK_KEY.test(key) || typeof value !== 'string' || isCdrom(value)) continue;
    const volid = value.split(',')[0] ?? '';
    const i = volid.indexOf(':');
    if (i <= 0) continue;
    out.push({
      key,
      volid,
      storage: volid.slice(0, i),
      volume: volid.slice(i + 1),
      sizeBytes: sizeOf(value),
    });
  }
  return out;
}

function bridgesOf(cfg: QemuConfig): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(cfg)) {
    if (!/^net\d+$/.test(key) || typeof value !== 'string') continue;
    const m = /(?:^|,)bridge=([^,]+)/.exec(value);
    if (m?.[1]) out.add(m[1]);
  }
  return [...out];
}

/** Reads the template a class is deployed from; 404 when it is gone, 422 when it is no template. */
export async function readTemplate(env: EngineEnv, vmid: number): Promise<TemplateFacts> {
  const vms = await env.client.cluster.resources('vm').catch((err: unknown) => {
    throw stepError('check-template', 'Reading the cluster failed', err);
  });
  const res = vms.find((v) => v.vmid === vmid && v.type === 'qemu');
  if (!res?.node) throw new BuilderError(404, `Template ${vmid} does not exist in this cluster`);
  const cfg = await readConfig(env, res.node, vmid).catch((err: unknown) => {
    throw stepError('check-template', `Reading template ${vmid} failed`, err);
  });
  if (!cfg) throw new BuilderError(404, `Template ${vmid} does not exist in this cluster`);
  const name = typeof cfg.name === 'string' ? cfg.name : `VM ${vmid}`;
  if (!isTemplate(cfg))
    throw new BuilderError(
      422,
      `${name} (VM ${vmid}) is not a template: finalise it as a template first`,
      {
        details: { fields: { vmid: 'not a template' } },
      },
    );
  if (typeof cfg.lock === 'string')
    throw new BuilderError(
      409,
      `${name} (VM ${vmid}) is busy (Proxmox lock '${cfg.lock}'): try again when it is done`,
    );
  const memoryMb = Number(cfg.memory ?? 512);
  return {
    vmid,
    node: res.node,
    name,
    memoryBytes: (Number.isFinite(memoryMb) ? memoryMb : 512) * 1024 ** 2,
    disks: templateDisks(cfg),
    bridges: bridgesOf(cfg),
    tags: typeof cfg.tags === 'string' ? cfg.tags.split(/[;, ]/).filter(Boolean) : [],
  };
}
