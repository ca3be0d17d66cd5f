import type { CatalogueVm } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { GiB, MiB } from '../util/sizes.js';
import { hasLabforgeTag, parseDescription } from '../vm/build-record.js';
import { readConfig } from '../vm/ops.js';
import { readResources } from './cluster-facts.js';

/** The cluster's templates and the VMs LabForge built, with what it recorded about them. */
export async function readCatalogue(env: EngineEnv): Promise<CatalogueVm[]> {
  const vms = (await readResources(env.client, 'vm')).filter(
    (v) =>
      v.type === 'qemu' && v.vmid !== undefined && (v.template === 1 || hasLabforgeTag(v.tags)),
  );
  const out = await Promise.all(
    vms.map(async (v): Promise<CatalogueVm> => {
      const ours = hasLabforgeTag(v.tags);
      const base: CatalogueVm = {
        vmid: v.vmid as number,
        name: v.name ?? `VM ${v.vmid}`,
        node: v.node ?? '',
        template: v.template === 1,
        status: v.status ?? 'unknown',
        built_by_labforge: false,
        ...(v.maxcpu !== undefined ? { cpu_cores: v.maxcpu } : {}),
        ...(v.maxmem !== undefined ? { memory_mb: Math.round(v.maxmem / MiB) } : {}),
        ...(v.maxdisk ? { disk_gb: Math.round(v.maxdisk / GiB) } : {}),
        ...(v.lock ? { lock: v.lock } : {}),
      };
      if (!ours || !v.node) return base;
      const node = v.node;
      const cfg = await env.reads
        .run(node, () => readConfig(env, node, v.vmid as number))
        .catch(() => undefined);
      const rec = parseDescription(cfg?.description);
      if (!rec) return base;
      return {
        ...base,
        built_by_labforge: true,
        ...(rec.os_type ? { os_type: rec.os_type } : {}),
        ...(rec.built_by ? { built_by: rec.built_by } : {}),
        ...(rec.built_at ? { built_at: rec.built_at } : {}),
        ...(rec.iso_file ? { iso_file: rec.iso_file } : {}),
        ...(typeof cfg?.cores === 'number' ? { cpu_cores: cfg.cores } : {}),
        ...(cfg?.memory !== undefined && !Number.isNaN(Number(cfg.memory))
          ? { memory_mb: Number(cfg.memory) }
          : {}),
      };
    }),
  );
  return out.sort((a, b) => a.vmid - b.vmid);
}
