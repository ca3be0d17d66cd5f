import { buildRequestSchema, bulkBuildRequestSchema } from '@labforge/contracts';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { formFieldFor, humanizeMessage } from './field-labels.js';
import { toSubmission, type BuildFormValues } from './form-values.js';

/**
 * Validates the request the form would send with the server's own schema (single or bulk), and
 * puts each message next to the input it belongs to. A custom resolver rather than zodResolver
 * because the form's shape (empty strings for "preset default") is not the request's shape.
 */
export const buildResolver: Resolver<BuildFormValues> = (values) => {
  const submission = toSubmission(values);
  const result =
    submission.kind === 'single'
      ? buildRequestSchema.safeParse(submission.body)
      : bulkBuildRequestSchema.safeParse(submission.body);
  if (result.success) return { values, errors: {} };
  const errors: Record<string, { type: string; message: string }> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'root');
    const target = formFieldFor(field);
    errors[target] ??= { type: issue.code, message: humanizeMessage(field, issue.message) };
  }
  return { values: {}, errors: errors as FieldErrors<BuildFormValues> };
};
