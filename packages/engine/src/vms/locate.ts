import type { QemuConfig } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';
import { isTemplate, readConfig } from '../vm/ops.js';

export interface LocatedVm {
  vmid: number;
  node: string;
  name: string;
  cfg: QemuConfig;
  template: boolean;
  running: boolean;
  lock: string | undefined;
}

/**
 * Finds a QEMU VM in the cluster and reads its config and live state; 404 when Proxmox has none.
 * A VM LabForge saw recently (`env.vmNodes`) is read on that node straight away; when it is not
 * there any more (migrated, deleted) or the read fails, `/cluster/resources` says where it is.
 */
export async function locateVm(env: EngineEnv, vmid: number): Promise<LocatedVm> {
  const hinted = env.vmNodes.get(vmid);
  if (hinted !== undefined) {
    const found = await readOn(env, hinted, vmid).catch(() => undefined);
    if (found) return found;
    env.vmNodes.delete(vmid);
  }
  const vms = await env.client.cluster.resources('vm').catch((err: unknown) => {
    throw stepError('vm', 'Reading the cluster failed', err);
  });
  const res = vms.find((v) => v.vmid === vmid && v.type === 'qemu');
  if (!res?.node) throw new BuilderError(404, `VM ${vmid} does not exist in this cluster`);
  const located = await readOn(env, res.node, vmid).catch((err: unknown) => {
    throw stepError('vm', `Reading VM ${vmid} failed`, err);
  });
  if (!located) throw new BuilderError(404, `VM ${vmid} does not exist in this cluster`);
  env.vmNodes.set(vmid, res.node);
  return located;
}

/** The VM's config and status on `node`; undefined when its config is not there. */
async function readOn(env: EngineEnv, node: string, vmid: number): Promise<LocatedVm | undefined> {
  const [cfg, st] = await Promise.all([
    readConfig(env, node, vmid),
    env.client.qemu.status(node, vmid),
  ]);
  if (!cfg) return undefined;
  return {
    vmid,
    node,
    name: typeof cfg.name === 'string' ? cfg.name : `VM ${vmid}`,
    cfg,
    template: isTemplate(cfg),
    running: st.status === 'running',
    lock: typeof cfg.lock === 'string' ? cfg.lock : undefined,
  };
}

/** A VM Proxmox has locked (create, backup, clone...) takes no action until the lock goes. */
export function refuseLocked(vm: LocatedVm): void {
  if (vm.lock)
    throw new BuilderError(
      409,
      `${vm.name} (VM ${vm.vmid}) is busy (Proxmox lock '${vm.lock}'): try again when it is done`,
    );
}
