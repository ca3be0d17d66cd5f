import type { BuildFormValues } from './form-values.js';

/** The visible label of each request field, so messages read "CPU cores must be…". */
export const FIELD_LABELS: Record<string, string> = {
  vm_name: 'VM name',
  os_type: 'OS type',
  iso_file: 'ISO image',
  storage: 'Storage pool',
  cpu_cores: 'CPU cores',
  memory_mb: 'Memory',
  disk_size_gb: 'Disk size',
  network_bridge: 'Network bridge',
  convert_to_template: 'Convert to template',
  bios_type: 'BIOS',
  cpu_type: 'CPU type',
  cpu_flags: 'CPU flags',
  cpu_limit: 'CPU limit',
  numa: 'NUMA',
  machine: 'Machine type',
  vga: 'Display (VGA)',
  boot_order: 'Boot order',
  scsi_controller: 'SCSI controller',
  disk_bus: 'Disk bus',
  nic_model: 'Network card model',
  tablet: 'Tablet pointer',
  agent: 'QEMU guest agent',
  onboot: 'Start at boot',
  virtio_iso_file: 'VirtIO drivers ISO',
  node: 'Node',
  vmid: 'VMID',
  count: 'Number of VMs',
  name_pattern: 'Name pattern',
};

/** Replaces a leading API field name with its label: "cpu_cores must…" -> "CPU cores must…". */
export function humanizeMessage(field: string, message: string): string {
  const label = FIELD_LABELS[field];
  if (label && message.startsWith(`${field} `)) return label + message.slice(field.length);
  return message;
}

/** Which form input shows an error for a request field. */
export function formFieldFor(field: string): keyof BuildFormValues | 'root' {
  if (field === 'node') return 'iso_file';
  if (field in FIELD_LABELS) return field as keyof BuildFormValues;
  return 'root';
}
