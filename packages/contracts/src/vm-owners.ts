import { z } from 'zod';

/**
 * Who may act on an existing VM (finalise, console, power, eject, delete): the teacher who built
 * it in LabForge, or an administrator. A VM LabForge did not build is admin-only until an
 * administrator assigns it to a teacher. Ownership lives in LabForge's database: a VM's Proxmox
 * description can be edited by anyone with Proxmox access, so it is never trusted for this.
 */
export const VM_OWNER_SOURCES = ['built', 'assigned'] as const;

export const vmOwnerSchema = z
  .object({
    cluster_id: z.string(),
    vmid: z.number().int(),
    username: z.string(),
    source: z.enum(VM_OWNER_SOURCES),
    job_id: z.string().optional(),
    assigned_by: z.string().optional(),
    since: z.string(),
  })
  .meta({ id: 'VmOwner' });
export type VmOwner = z.infer<typeof vmOwnerSchema>;

export const vmOwnerParamsSchema = z.object({
  cluster_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'cluster_id must be a configured cluster id'),
  vmid: z.coerce
    .number({ error: 'vmid must be an integer between 100 and 999999999' })
    .int('vmid must be an integer between 100 and 999999999')
    .min(100, 'vmid must be an integer between 100 and 999999999')
    .max(999_999_999, 'vmid must be an integer between 100 and 999999999'),
});

export const assignVmOwnerRequestSchema = z.strictObject({
  username: z
    .string({ error: 'username is required' })
    .min(1, 'username is required')
    .max(64, 'username must be at most 64 characters'),
});

export const vmOwnerResponseSchema = z.object({ ok: z.literal(true), owner: vmOwnerSchema });
export const vmOwnerListResponseSchema = z.object({
  ok: z.literal(true),
  owners: z.array(vmOwnerSchema),
});
