import { z } from 'zod';

/** The one error body every LabForge endpoint answers with (the specification's examples use `ok`). */
export const errorBodySchema = z
  .object({
    ok: z.literal(false),
    error: z.string().min(1),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof errorBodySchema>;
