import type { z } from 'zod';
import type { ErrorBody } from './errors.js';

/**
 * Turns a zod failure into the one error body. `error` is the first message (already naming
 * its field, as every schema message here does); `details.fields` maps each offending field to
 * its message, so a form can show each next to its input.
 */
export function validationErrorBody(error: z.ZodError, where = 'body'): ErrorBody {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
    fields[key] ??= issue.message;
  }
  const first = error.issues[0];
  return {
    ok: false,
    error: first ? first.message : `invalid ${where}`,
    details: { fields },
  };
}
