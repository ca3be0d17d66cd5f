import type { EngineEnv } from '../env.js';
import { readResources } from '../inventory/cluster-facts.js';
import { parseDescription } from '../vm/build-record.js';
import { attachedMedia } from '../vm/media.js';
import { isTemplate, readConfig } from '../vm/ops.js';
import type { VmFacts } from './types.js';

/**
 * One `/cluster/resources` read, then the config of each requested VM (bounded parallel): its
 * state, attached ISOs and the build record LabForge wrote into its description.
 */
export async function describeVms(env: EngineEnv, vmids: readonly number[]): Promise<VmFacts[]> {
  if (vmids.length === 0) return [];
  const wanted = new Set(vmids);
  const vms = (await readResources(env.client, 'vm')).filter(
    (v) => v.type === 'qemu' && v.vmid !== undefined && v.node && wanted.has(v.vmid),
  );
  for (const v of vms) env.vmNodes.set(v.vmid as number, v.node as string);
  const out = await Promise.all(
    vms.map((v) =>
      env.reads.run(v.node as string, async (): Promise<VmFacts> => {
        const vmid = v.vmid as number;
        const node = v.node as string;
        const cfg = await readConfig(env, node, vmid).catch(() => undefined);
        const template = cfg ? isTemplate(cfg) : v.template === 1;
        const rec = parseDescription(cfg?.description);
        const lock = typeof cfg?.lock === 'string' ? cfg.lock : v.lock;
        return {
          vmid,
          node,
          name: v.name ?? `VM ${vmid}`,
          state: template
            ? 'template'
            : v.status === 'running'
              ? 'running'
              : v.status === 'stopped'
                ? 'stopped'
                : 'unknown',
          media: cfg ? attachedMedia(cfg) : [],
          ...(rec?.os_type ? { os_type: rec.os_type } : {}),
          ...(rec?.built_by ? { built_by: rec.built_by } : {}),
          ...(rec?.built_at ? { built_at: rec.built_at } : {}),
          ...(lock ? { lock } : {}),
        };
      }),
    ),
  );
  return out.sort((a, b) => a.vmid - b.vmid);
}
