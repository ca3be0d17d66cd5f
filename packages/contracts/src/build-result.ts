import { z } from 'zod';

/** Why the VM went where it went, and why other nodes were not chosen. */
export const placementSchema = z
  .object({
    node: z.string(),
    reason: z.string(),
    candidates: z.array(z.string()),
    rejected: z.array(z.object({ node: z.string(), reasons: z.array(z.string()) })),
  })
  .meta({ id: 'Placement' });
export type Placement = z.infer<typeof placementSchema>;

export const buildResultSchema = z
  .object({
    ok: z.literal(true),
    job_id: z.string(),
    cluster_id: z.string(),
    vmid: z.number().int(),
    node: z.string(),
    name: z.string(),
    template: z.boolean(),
    status: z.literal('stopped'),
    iso_file: z.string(),
    virtio_iso_file: z.string().optional(),
    storage: z.string(),
    warnings: z.array(z.string()),
    placement: placementSchema,
    /** Opens the VM's console in the Proxmox web UI. */
    console_url: z.string(),
    next_steps: z.array(z.string()),
  })
  .meta({ id: 'BuildResult' });
export type BuildResult = z.infer<typeof buildResultSchema>;

export const bulkItemResultSchema = z
  .object({
    index: z.number().int(),
    name: z.string(),
    ok: z.boolean(),
    vmid: z.number().int().optional(),
    node: z.string().optional(),
    error: z.string().optional(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'BulkItemResult' });
export type BulkItemResult = z.infer<typeof bulkItemResultSchema>;

export const bulkResultSchema = z
  .object({
    ok: z.boolean(),
    job_id: z.string(),
    cluster_id: z.string(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    items: z.array(bulkItemResultSchema),
  })
  .meta({ id: 'BulkResult' });
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** The dry run: what a build would do and what would stop it, without touching the cluster. */
export const preflightResponseSchema = z
  .object({
    ok: z.literal(true),
    would_succeed: z.boolean(),
    placement: placementSchema.optional(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
    warnings: z.array(z.string()),
    config: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'Preflight' });
export type PreflightResponse = z.infer<typeof preflightResponseSchema>;
