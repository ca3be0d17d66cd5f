import { z } from 'zod';
import { osTypeSchema } from './os-types.js';
import {
  boundedInt,
  bridgeNameSchema,
  clusterIdSchema,
  DNS_NAME_PATTERN,
  flag,
  isoVolidSchema,
  nodeNameSchema,
  storageIdSchema,
  vmidSchema,
} from './primitives.js';

export const HARDWARE_LIMITS = {
  cpu_cores: { min: 1, max: 64, default: 2 },
  memory_mb: { min: 512, max: 65_536, default: 2048 },
  disk_size_gb: { min: 8, max: 2048, default: 32 },
} as const;

/** CPU models accepted by PVE's `cpu` option (plus `custom-NAME` models). */
export const CPU_TYPE_PATTERN = /^(custom-)?[a-zA-Z0-9][a-zA-Z0-9_.+-]{0,63}$/;
/** The flags PVE allows in `cpu: ...,flags=+a;-b` for built-in models. */
export const CPU_FLAGS = [
  'md-clear',
  'pcid',
  'spec-ctrl',
  'ssbd',
  'ibpb',
  'virt-ssbd',
  'amd-ssbd',
  'amd-no-ssb',
  'pdpe1gb',
  'hv-tlbflush',
  'hv-evmcs',
  'aes',
] as const;
export const CPU_FLAG_PATTERN = new RegExp(`^[+-](${CPU_FLAGS.join('|')})$`);

export const BIOS_TYPES = ['seabios', 'ovmf'] as const;
export const VGA_TYPES = ['std', 'qxl', 'virtio', 'vmware', 'cirrus', 'serial0', 'none'] as const;
export const SCSI_CONTROLLERS = [
  'virtio-scsi-single',
  'virtio-scsi-pci',
  'lsi',
  'lsi53c810',
  'megasas',
  'pvscsi',
] as const;
export const DISK_BUSES = ['scsi', 'virtio', 'sata', 'ide'] as const;
export const NIC_MODELS = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3'] as const;
/** `pc`/`q35` or a pinned version such as `pc-q35-9.2+pve1`. */
export const MACHINE_PATTERN =
  /^(pc|q35|pc-i440fx-\d+\.\d+(\+pve\d+)?|pc-q35-\d+\.\d+(\+pve\d+)?)$/;

function listOf<T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });
}

/** Fields shared by a single build and a bulk build. */
export const buildOptionsShape = {
  os_type: osTypeSchema.default('ubuntu'),
  iso_file: isoVolidSchema,
  cpu_cores: boundedInt('cpu_cores', 1, 64).default(HARDWARE_LIMITS.cpu_cores.default),
  memory_mb: boundedInt('memory_mb', 512, 65_536, ' MB').default(HARDWARE_LIMITS.memory_mb.default),
  disk_size_gb: boundedInt('disk_size_gb', 8, 2048, ' GB').default(
    HARDWARE_LIMITS.disk_size_gb.default,
  ),
  storage: storageIdSchema.optional(),
  network_bridge: bridgeNameSchema.default('vmbr0'),
  convert_to_template: flag('convert_to_template').default(false),
  bios_type: listOf('bios_type', BIOS_TYPES).optional(),
  // Advanced options (the specification's list); absent means "the OS preset decides".
  cpu_type: z
    .string({ error: 'cpu_type must be a Proxmox CPU model such as host or x86-64-v2-AES' })
    .regex(CPU_TYPE_PATTERN, 'cpu_type must be a Proxmox CPU model such as host or x86-64-v2-AES')
    .optional(),
  cpu_flags: z
    .array(
      z
        .string()
        .regex(
          CPU_FLAG_PATTERN,
          `cpu_flags entries must be +flag or -flag, flag one of ${CPU_FLAGS.join(', ')}`,
        ),
      { error: 'cpu_flags must be a list like ["+aes", "-pcid"]' },
    )
    .max(CPU_FLAGS.length, `cpu_flags may list at most ${CPU_FLAGS.length} flags`)
    // Proxmox would take the last of `+aes;-aes`; a list that says both is a mistake to name.
    .refine((flags) => new Set(flags.map((f) => f.slice(1))).size === flags.length, {
      error: (issue) => {
        const names = (issue.input as string[]).map((f) => f.slice(1));
        const twice = names.find((n, i) => names.indexOf(n) !== i);
        return `cpu_flags lists ${twice ?? 'a flag'} more than once`;
      },
    })
    .optional(),
  cpu_limit: z
    .number({ error: 'cpu_limit must be a number between 0 and 128 (0 = unlimited)' })
    .min(0, 'cpu_limit must be a number between 0 and 128 (0 = unlimited)')
    .max(128, 'cpu_limit must be a number between 0 and 128 (0 = unlimited)')
    .optional(),
  numa: flag('numa').optional(),
  machine: z
    .string({ error: 'machine must be pc, q35 or a versioned type like pc-q35-9.2' })
    .regex(MACHINE_PATTERN, 'machine must be pc, q35 or a versioned type like pc-q35-9.2')
    .optional(),
  vga: listOf('vga', VGA_TYPES).optional(),
  boot_order: z
    .string({
      error: 'boot_order must be letters c (CD), d (disk), n (network), each once, e.g. cdn',
    })
    .regex(
      /^(?!.*(.).*\1)[cdn]{1,3}$/,
      'boot_order must be letters c (CD), d (disk), n (network), each once, e.g. cdn',
    )
    .optional(),
  scsi_controller: listOf('scsi_controller', SCSI_CONTROLLERS).optional(),
  disk_bus: listOf('disk_bus', DISK_BUSES).optional(),
  nic_model: listOf('nic_model', NIC_MODELS).optional(),
  tablet: flag('tablet').optional(),
  agent: flag('agent').optional(),
  onboot: flag('onboot').optional(),
  virtio_iso_file: isoVolidSchema.optional(),
  node: nodeNameSchema.optional(),
  cluster_id: clusterIdSchema.optional(),
  /** Answer 202 at once with the job instead of waiting for the build. */
  async: flag('async').optional(),
};

export const vmNameSchema = z
  .string({ error: 'vm_name is required: a DNS name such as ubuntu-test' })
  .min(1, 'vm_name is required: a DNS name such as ubuntu-test')
  .max(63, 'vm_name must be at most 63 characters')
  .regex(
    DNS_NAME_PATTERN,
    'vm_name must be a valid DNS name: letters, digits, hyphens and dots, not starting or ending with a hyphen',
  );

export const buildRequestSchema = z
  .strictObject(
    { vm_name: vmNameSchema, ...buildOptionsShape, vmid: vmidSchema.optional() },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field: ${issue.keys.join(', ')}`
          : 'the body must be a JSON object',
    },
  )
  .meta({ id: 'BuildRequest' });
/** What a caller sends (defaults optional). */
export type BuildRequestInput = z.input<typeof buildRequestSchema>;
/** What the server works with (defaults applied). */
export type BuildRequest = z.output<typeof buildRequestSchema>;

/** `{n}` is the 1-based index; `{nn}`/`{nnn}` zero-pad it. */
export const NAME_PATTERN_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9.-]*\{n{1,3}\}[a-zA-Z0-9.-]*$/;

export const bulkBuildRequestSchema = z
  .strictObject(
    {
      ...buildOptionsShape,
      count: boundedInt('count', 1, 50),
      name_pattern: z
        .string({ error: 'name_pattern is required, e.g. lab-{nn}' })
        .max(60, 'name_pattern must be at most 60 characters')
        .regex(
          NAME_PATTERN_PATTERN,
          'name_pattern must contain {n}, {nn} or {nnn} and otherwise only letters, digits, hyphens and dots, e.g. lab-{nn}',
        ),
      start_index: boundedInt('start_index', 0, 9999).default(1),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field: ${issue.keys.join(', ')}`
          : 'the body must be a JSON object',
    },
  )
  .meta({ id: 'BulkBuildRequest' });
export type BulkBuildRequestInput = z.input<typeof bulkBuildRequestSchema>;
export type BulkBuildRequest = z.output<typeof bulkBuildRequestSchema>;

/** Expands a bulk name pattern for index `i`: `lab-{nn}` with 3 gives `lab-03`. */
export function expandNamePattern(pattern: string, index: number): string {
  return pattern.replace(/\{(n{1,3})\}/, (_m, ns: string) =>
    String(index).padStart(ns.length, '0'),
  );
}
