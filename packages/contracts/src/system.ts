import { z } from 'zod';

export const healthResponseSchema = z
  .object({
    ok: z.boolean(),
    version: z.string(),
    clusters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        reachable: z.boolean(),
        pve_version: z.string().optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Health' });

export const clusterListResponseSchema = z.object({
  ok: z.literal(true),
  clusters: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    outcome: z.enum(['ok', 'error']),
    detail: z.string().optional(),
  })
  .meta({ id: 'AuditEntry' });
export const auditListResponseSchema = z.object({
  ok: z.literal(true),
  entries: z.array(auditEntrySchema),
  total: z.number().int(),
});
