import type { ClusterResource } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { hasLabforgeTag, parseDescription } from './build-record.js';
import { isTemplate, readConfig } from './ops.js';

export interface OwnVm {
  vmid: number;
  node: string;
  name: string;
  template: boolean;
}

/**
 * This job's VMs among `vms`, by name: LabForge-tagged QEMU VMs whose description records the
 * job id (the description is written by the create call itself, so a VM of another job or of
 * someone else is never taken for ours). The lowest VMID wins if a name appears twice.
 */
export async function findOwnVms(
  env: EngineEnv,
  vms: readonly ClusterResource[],
  jobId: string,
  names: ReadonlySet<string>,
): Promise<Map<string, OwnVm>> {
  const candidates = vms
    .filter((v) => v.type === 'qemu' && v.node && v.vmid && v.name && names.has(v.name))
    .filter((v) => hasLabforgeTag(v.tags))
    .sort((a, b) => (a.vmid ?? 0) - (b.vmid ?? 0));
  const own = new Map<string, OwnVm>();
  for (const v of candidates) {
    const name = v.name as string;
    if (own.has(name)) continue;
    const node = v.node as string;
    const vmid = v.vmid as number;
    const cfg = await readConfig(env, node, vmid);
    if (!cfg || parseDescription(cfg.description)?.job_id !== jobId) continue;
    own.set(name, { vmid, node, name, template: isTemplate(cfg) });
  }
  return own;
}
