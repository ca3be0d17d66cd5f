import { z } from 'zod';
import { clusterIdSchema, vmidSchema } from './primitives.js';

/**
 * Template cards: every template LabForge built or finalised, with what a teacher needs to pick
 * it (OS, hardware, firmware, drivers, who made it) and who may use it. The card lives in
 * LabForge's database; description and tags are mirrored into the template's Proxmox notes and
 * tags, sharing never is (it is LabForge's rule, not Proxmox's).
 */
export const TEMPLATE_VISIBILITIES = ['private', 'teachers', 'named'] as const;
export type TemplateVisibility = (typeof TEMPLATE_VISIBILITIES)[number];

export const TEMPLATE_VISIBILITY_LABELS: Record<TemplateVisibility, string> = {
  private: 'Only me',
  teachers: 'All teachers of this cluster',
  named: 'Teachers I choose',
};

/**
 * PVE's tag grammar (`pve-tag`: `[a-z0-9_][a-z0-9_\-+.]*`). Proxmox folds tags to lower case by
 * default, so LabForge accepts only lower case and says so rather than changing what was typed.
 */
export const TEMPLATE_TAG_PATTERN = /^[a-z0-9_][a-z0-9_+.-]*$/;
export const templateTagSchema = z
  .string({ error: 'a tag must be text' })
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag must be at most 64 characters')
  .regex(
    TEMPLATE_TAG_PATTERN,
    'tags use lower-case letters, digits and _ - + . (no spaces), and start with a letter, digit or _',
  );

export const templateDiskSchema = z
  .object({
    /** The config key: scsi0, virtio0, efidisk0, tpmstate0... */
    drive: z.string(),
    storage: z.string(),
    size_gb: z.number(),
  })
  .meta({ id: 'TemplateDisk' });
export type TemplateDisk = z.infer<typeof templateDiskSchema>;

export const templateFirmwareSchema = z
  .object({
    bios: z.enum(['seabios', 'ovmf']),
    /** An EFI disk exists (OVMF keeps its variables there). */
    efi_disk: z.boolean(),
    /** The EFI disk was created with Microsoft's Secure Boot keys pre-enrolled. */
    secure_boot_keys: z.boolean(),
    /** `v2.0`, `v1.2`, or null without a TPM. */
    tpm_version: z.enum(['v1.2', 'v2.0']).nullable(),
    /** Proxmox's machine type (`q35`, `pc-q35-9.2`, ...; `i440fx` when unset). */
    machine: z.string(),
  })
  .meta({ id: 'TemplateFirmware' });
export type TemplateFirmware = z.infer<typeof templateFirmwareSchema>;

export const templateHardwareSchema = z
  .object({
    cores: z.number().int(),
    memory_mb: z.number().int(),
    disks: z.array(templateDiskSchema),
    firmware: templateFirmwareSchema,
  })
  .meta({ id: 'TemplateHardware' });
export type TemplateHardware = z.infer<typeof templateHardwareSchema>;

/** A storage one of the template's disks is on; linked clones need to read it. */
export const templateBaseStorageSchema = z
  .object({ storage: z.string(), shared: z.boolean() })
  .meta({ id: 'TemplateBaseStorage' });
export type TemplateBaseStorage = z.infer<typeof templateBaseStorageSchema>;

export const templatePersonSchema = z
  .object({ username: z.string(), display_name: z.string() })
  .meta({ id: 'TemplatePerson' });
export type TemplatePerson = z.infer<typeof templatePersonSchema>;

export const templateFamilySchema = z
  .object({
    /** Cards of one family are versions of the same template. */
    id: z.string(),
    version: z.number().int().min(1),
    latest_version: z.number().int().min(1),
    /** This is the highest version of its family. */
    newest: z.boolean(),
    /** The newest version, when this one is older. */
    replaced_by: z.object({ vmid: z.number().int(), version: z.number().int() }).optional(),
  })
  .meta({ id: 'TemplateFamily' });

export const templateCardSchema = z
  .object({
    cluster_id: z.string(),
    vmid: z.number().int(),
    /** Where the template is (last known when it is missing). */
    node: z.string(),
    name: z.string(),
    /** LabForge's OS type when it built the template, else Proxmox's `ostype` (`win11`, `l26`). */
    os_type: z.string(),
    os_label: z.string(),
    hardware: templateHardwareSchema.nullable(),
    virtio_win: z.object({ iso_file: z.string(), version: z.string().nullable() }).nullable(),
    base_storages: z.array(templateBaseStorageSchema),
    author: templatePersonSchema,
    created_at: z.string(),
    /** How the card came to be: built as a template, finalised, or found when LabForge upgraded. */
    source: z.enum(['built', 'finalised', 'recorded']),
    description: z.string(),
    tags: z.array(z.string()),
    family: templateFamilySchema,
    visibility: z.enum(TEMPLATE_VISIBILITIES),
    shared_with: z.array(templatePersonSchema),
    retired: z.boolean(),
    retired_at: z.string().optional(),
    retired_by: z.string().optional(),
    /** Proxmox no longer has this template (deleted, or its VMID is now an ordinary VM). */
    missing: z.boolean(),
    /** What the caller may do with it. */
    can: z.object({ use: z.boolean(), edit: z.boolean(), retire: z.boolean() }),
  })
  .meta({ id: 'TemplateCard' });
export type TemplateCard = z.infer<typeof templateCardSchema>;

const queryFlag = z
  .enum(['1', '0', 'true', 'false'], { error: 'include_retired must be 1, 0, true or false' })
  .transform((v) => v === '1' || v === 'true');

export const templateCardListQuerySchema = z.object({
  cluster_id: clusterIdSchema.optional(),
  /** Words found in the name, description, tags, OS or author. */
  q: z.string().max(200, 'q must be at most 200 characters').optional(),
  /** An OS type (`windows11`) or Proxmox ostype (`win11`); `windows` / `linux` match families. */
  os: z.string().max(40, 'os must be at most 40 characters').optional(),
  tag: z.string().max(64, 'tag must be at most 64 characters').optional(),
  include_retired: queryFlag.optional(),
});

export const templateCardListResponseSchema = z
  .object({ ok: z.literal(true), templates: z.array(templateCardSchema) })
  .meta({ id: 'TemplateCardList' });

export const templateCardResponseSchema = z
  .object({
    ok: z.literal(true),
    template: templateCardSchema,
    /** Problems that did not stop the change (e.g. Proxmox could not be told the new notes). */
    warnings: z.array(z.string()),
  })
  .meta({ id: 'TemplateCardAnswer' });

export const templateCardParamsSchema = z.object({
  cluster_id: clusterIdSchema,
  vmid: z.coerce
    .number({ error: 'vmid must be an integer between 100 and 999999999' })
    .pipe(vmidSchema),
});

const usernameSchema = z.string().min(1, 'a username is required').max(64);

export const templateCardUpdateSchema = z
  .strictObject({
    description: z.string().max(4000, 'the description must be at most 4000 characters').optional(),
    tags: z.array(templateTagSchema).max(20, 'at most 20 tags').optional(),
    visibility: z
      .enum(TEMPLATE_VISIBILITIES, { error: 'visibility must be private, teachers or named' })
      .optional(),
    /** Who may use it when visibility is `named` (teachers' usernames). */
    shared_with: z.array(usernameSchema).max(200, 'at most 200 teachers').optional(),
    /** This template is the next version of that older one (same cluster); null: its own family. */
    version_of: vmidSchema.nullable().optional(),
  })
  .meta({ id: 'TemplateCardUpdate' });
export type TemplateCardUpdate = z.infer<typeof templateCardUpdateSchema>;

export const shareableTeacherListResponseSchema = z
  .object({ ok: z.literal(true), teachers: z.array(templatePersonSchema) })
  .meta({ id: 'ShareableTeacherList' });

/** Teacher words for Proxmox's ostype values (when LabForge did not record its own OS type). */
export const PVE_OSTYPE_LABELS: Readonly<Record<string, string>> = {
  win11: 'Windows 11 / Server 2022-2025',
  win10: 'Windows 10 / Server 2016-2019',
  win8: 'Windows 8 / Server 2012',
  win7: 'Windows 7',
  l26: 'Linux',
  l24: 'Linux (old kernel)',
  solaris: 'Solaris',
  other: 'Other',
};
