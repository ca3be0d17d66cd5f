import type { EngineEnv } from '../env.js';
import { BuilderError, stepError } from '../errors/builder-error.js';

/**
 * Checks the CPU model against the node's own list (GET /nodes/{node}/capabilities/qemu/cpu):
 * a model Proxmox does not know would otherwise pass the form and the preflight and fail in the
 * create with PVE's 400. The message names the field and a few models the node does offer.
 */
export async function checkCpuModel(env: EngineEnv, node: string, cpuType: string): Promise<void> {
  let models: string[];
  try {
    models = await env.cpuModels(node);
  } catch (err) {
    throw stepError('place', `Reading the CPU models of ${node} failed`, err);
  }
  if (models.includes(cpuType)) return;
  const common = ['host', 'x86-64-v2-AES', 'x86-64-v3', 'kvm64'].filter((m) => models.includes(m));
  const message = `cpu_type '${cpuType}' is not a CPU model Proxmox offers on ${node}; try ${common.join(', ') || models.slice(0, 4).join(', ')}`;
  throw new BuilderError(400, message, {
    step: 'place',
    details: { fields: { cpu_type: message } },
  });
}

/** PVE's create parameters and the request fields they come from, to name the right field. */
const FIELD_OF: Record<string, string> = {
  name: 'vm_name',
  cores: 'cpu_cores',
  sockets: 'cpu_cores',
  memory: 'memory_mb',
  cpu: 'cpu_type',
  cpulimit: 'cpu_limit',
  numa: 'numa',
  bios: 'bios_type',
  machine: 'machine',
  vga: 'vga',
  boot: 'boot_order',
  scsihw: 'scsi_controller',
  tablet: 'tablet',
  agent: 'agent',
  onboot: 'onboot',
  net0: 'network_bridge',
  ide2: 'iso_file',
  scsi0: 'disk_size_gb',
  virtio0: 'disk_size_gb',
  sata0: 'disk_size_gb',
  ostype: 'os_type',
};

/**
 * A 400 from Proxmox on create is a refusal of something the request asked for: answered as a
 * 400 naming the request's fields (PVE names its own parameters), never as a 502.
 */
export function createRefusal(
  errors: Record<string, string> | undefined,
  text: string,
): BuilderError {
  const fields: Record<string, string> = {};
  for (const [param, why] of Object.entries(errors ?? {})) {
    const field = FIELD_OF[param] ?? param;
    fields[field] = `Proxmox refused ${field} (${param}): ${why.trim()}`;
  }
  const first = Object.values(fields)[0];
  return new BuilderError(400, first ?? `Proxmox refused the VM's configuration: ${text}`, {
    step: 'create',
    details: { fields },
  });
}
