import { z } from 'zod';
import { OS_TYPES } from './os-types.js';

/** What an OS type gets, so the form can show it before building. */
export const presetSchema = z
  .object({
    ostype: z.string(),
    bios: z.enum(['seabios', 'ovmf']),
    machine: z.string(),
    disk_bus: z.string(),
    scsihw: z.string(),
    nic_model: z.string(),
    cpu_type: z.string(),
    efi_disk: z.boolean(),
    secure_boot_keys: z.boolean(),
    tpm: z.boolean(),
    virtio_drivers: z.boolean(),
    agent: z.boolean(),
    memory_mb: z.number().int(),
    disk_size_gb: z.number().int(),
    cpu_cores: z.number().int(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'Preset' });
export type Preset = z.infer<typeof presetSchema>;

export const osTypeInfoSchema = z
  .object({
    id: z.enum(OS_TYPES),
    label: z.string(),
    family: z.enum(['linux', 'windows', 'other']),
    preset: presetSchema,
  })
  .meta({ id: 'OsTypeInfo' });
export type OsTypeInfo = z.infer<typeof osTypeInfoSchema>;

export const osTypeListResponseSchema = z
  .object({ ok: z.literal(true), os_types: z.array(osTypeInfoSchema) })
  .meta({ id: 'OsTypeList' });
export type OsTypeListResponse = z.infer<typeof osTypeListResponseSchema>;
