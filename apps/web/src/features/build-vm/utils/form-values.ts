import {
  HARDWARE_LIMITS,
  type BuildRequestInput,
  type BulkBuildRequestInput,
  type OsType,
} from '@labforge/contracts';
import type { BuildSubmission } from '../api/create-build.js';

/** A yes/no option the OS preset decides unless the teacher says otherwise. */
export type TriState = '' | 'on' | 'off';

/** What the form holds: strings where an input may be left empty, numbers for hardware. */
export interface BuildFormValues {
  vm_name: string;
  os_type: OsType;
  iso_file: string;
  /** The node of the chosen ISO when it sits on node-local storage, else ''. */
  iso_node: string;
  /**
   * True when the same volid exists on several nodes' local storage: only then is the node sent,
   * otherwise the server finds it from the ISO (and explains its placement).
   */
  iso_ambiguous: boolean;
  /** A node pinned by hand for an ISO on shared storage ('' lets LabForge place the VM). */
  node: string;
  storage: string;
  cpu_cores: number;
  memory_mb: number;
  disk_size_gb: number;
  network_bridge: string;
  convert_to_template: boolean;
  cpu_type: string;
  cpu_flags: string;
  cpu_limit: string;
  numa: TriState;
  bios_type: '' | 'seabios' | 'ovmf';
  machine: string;
  vga: string;
  boot_order: string;
  scsi_controller: string;
  disk_bus: string;
  nic_model: string;
  tablet: TriState;
  agent: TriState;
  onboot: TriState;
  virtio_iso_file: string;
  vmid: string;
  bulk: boolean;
  count: number;
  name_pattern: string;
}

export const defaultBuildFormValues: BuildFormValues = {
  vm_name: '',
  os_type: 'ubuntu',
  iso_file: '',
  iso_node: '',
  iso_ambiguous: false,
  node: '',
  storage: '',
  cpu_cores: HARDWARE_LIMITS.cpu_cores.default,
  memory_mb: HARDWARE_LIMITS.memory_mb.default,
  disk_size_gb: HARDWARE_LIMITS.disk_size_gb.default,
  network_bridge: 'vmbr0',
  convert_to_template: false,
  cpu_type: '',
  cpu_flags: '',
  cpu_limit: '',
  numa: '',
  bios_type: '',
  machine: '',
  vga: '',
  boot_order: '',
  scsi_controller: '',
  disk_bus: '',
  nic_model: '',
  tablet: '',
  agent: '',
  onboot: '',
  virtio_iso_file: '',
  vmid: '',
  bulk: false,
  count: 2,
  name_pattern: 'lab-{nn}',
};

function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function tri(value: TriState): boolean | undefined {
  return value === '' ? undefined : value === 'on';
}

function optionalNumber(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/**
 * Turns the form into the request body, leaving out everything left at "preset default", so the
 * server's OS preset decides. The browser then validates it with the server's own schema.
 */
export function toSubmission(values: BuildFormValues): BuildSubmission {
  const flags = text(values.cpu_flags)
    ?.split(/[\s,]+/)
    .filter(Boolean);
  const node = (values.iso_ambiguous ? text(values.iso_node) : undefined) ?? text(values.node);
  const options = Object.fromEntries(
    Object.entries({
      os_type: values.os_type,
      iso_file: values.iso_file,
      cpu_cores: values.cpu_cores,
      memory_mb: values.memory_mb,
      disk_size_gb: values.disk_size_gb,
      storage: text(values.storage),
      network_bridge: values.network_bridge,
      convert_to_template: values.convert_to_template,
      node,
      bios_type: values.bios_type === '' ? undefined : values.bios_type,
      cpu_type: text(values.cpu_type),
      cpu_flags: flags,
      cpu_limit: optionalNumber(values.cpu_limit),
      numa: tri(values.numa),
      machine: text(values.machine),
      vga: text(values.vga),
      boot_order: text(values.boot_order),
      scsi_controller: text(values.scsi_controller),
      disk_bus: text(values.disk_bus),
      nic_model: text(values.nic_model),
      tablet: tri(values.tablet),
      agent: tri(values.agent),
      onboot: tri(values.onboot),
      virtio_iso_file: text(values.virtio_iso_file),
      async: true,
    }).filter(([, value]) => value !== undefined),
  );
  if (values.bulk) {
    const body = { ...options, count: values.count, name_pattern: values.name_pattern.trim() };
    return { kind: 'bulk', body: body as BulkBuildRequestInput };
  }
  const vmid = optionalNumber(values.vmid);
  const body = {
    vm_name: values.vm_name.trim(),
    ...options,
    ...(vmid === undefined ? {} : { vmid }),
  };
  return { kind: 'single', body: body as BuildRequestInput };
}
