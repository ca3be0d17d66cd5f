import { z } from 'zod';
import { nodeNameSchema, vmidSchema, clusterIdSchema } from './primitives.js';

/** A VM or template of the cluster, with what LabForge knows of it when it built it. */
export const catalogueVmSchema = z
  .object({
    vmid: z.number().int(),
    name: z.string(),
    node: z.string(),
    template: z.boolean(),
    status: z.string(),
    built_by_labforge: z.boolean(),
    os_type: z.string().optional(),
    cpu_cores: z.number().optional(),
    memory_mb: z.number().optional(),
    disk_gb: z.number().optional(),
    built_by: z.string().optional(),
    /** The name people see for `built_by`, when that is a LabForge account. */
    built_by_name: z.string().optional(),
    built_at: z.string().optional(),
    iso_file: z.string().optional(),
    lock: z.string().optional(),
  })
  .meta({ id: 'CatalogueVm' });
export type CatalogueVm = z.infer<typeof catalogueVmSchema>;

export const catalogueResponseSchema = z
  .object({ ok: z.literal(true), vms: z.array(catalogueVmSchema) })
  .meta({ id: 'Catalogue' });

export const finaliseTemplateRequestSchema = z
  .strictObject({
    vmid: vmidSchema,
    node: nodeNameSchema.optional(),
    /** Eject the install and driver ISOs (drives stay, empty), as templates for classes want. */
    eject_media: z.boolean({ error: 'eject_media must be true or false' }).default(true),
    cluster_id: clusterIdSchema.optional(),
    async: z.boolean({ error: 'async must be true or false' }).optional(),
  })
  .meta({ id: 'FinaliseTemplateRequest' });
export type FinaliseTemplateRequest = z.output<typeof finaliseTemplateRequestSchema>;

export const finaliseResultSchema = z
  .object({
    ok: z.literal(true),
    job_id: z.string(),
    vmid: z.number().int(),
    node: z.string(),
    template: z.literal(true),
    ejected: z.array(z.string()),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'FinaliseResult' });
export type FinaliseResult = z.infer<typeof finaliseResultSchema>;
