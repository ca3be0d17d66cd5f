import type { BuildRequestInput } from './build-request.js';

/**
 * The request bodies of the specification's three curl examples, verbatim. They are part of
 * the contract: every layer's tests build them, and they must keep working as written.
 */
export const SPEC_EXAMPLE_REQUESTS = {
  linux: {
    vm_name: 'ubuntu-test',
    os_type: 'ubuntu',
    iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    cpu_cores: 2,
    memory_mb: 2048,
    disk_size_gb: 32,
    storage: 'local-lvm',
    network_bridge: 'vmbr0',
  },
  template: {
    vm_name: 'debian-template',
    os_type: 'debian',
    iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
    cpu_cores: 4,
    memory_mb: 4096,
    disk_size_gb: 64,
    storage: 'local-lvm',
    network_bridge: 'vmbr0',
    convert_to_template: true,
  },
  windows: {
    vm_name: 'windows-10',
    os_type: 'windows',
    iso_file: 'local:iso/Win10_22H2_English_x64.iso',
    cpu_cores: 4,
    memory_mb: 8192,
    disk_size_gb: 128,
    storage: 'local-lvm',
    network_bridge: 'vmbr0',
    bios_type: 'ovmf',
  },
} as const satisfies Record<string, BuildRequestInput>;
