import {
  guestScriptInputSchema,
  SCRIPT_TIMEOUT_DEFAULT_S,
  type GuestScript,
  type GuestScriptInput,
  type ScriptLanguage,
} from '@labforge/contracts';

export interface ScriptFormValues {
  name: string;
  language: ScriptLanguage;
  description: string;
  body: string;
  timeout_s: string;
}

export const EMPTY_SCRIPT: ScriptFormValues = {
  name: '',
  language: 'shell',
  description: '',
  body: '',
  timeout_s: String(SCRIPT_TIMEOUT_DEFAULT_S),
};

export function formValues(s: GuestScript): ScriptFormValues {
  return {
    name: s.name,
    language: s.language,
    description: s.description,
    body: s.body,
    timeout_s: String(s.timeout_s),
  };
}

/** The form's values checked with the API's own schema; errors keyed by field. */
export function parseScriptForm(
  v: ScriptFormValues,
):
  | { ok: true; input: GuestScriptInput }
  | { ok: false; errors: Partial<Record<keyof ScriptFormValues, string>> } {
  const timeout = v.timeout_s.trim() === '' ? Number.NaN : Number(v.timeout_s);
  const parsed = guestScriptInputSchema.safeParse({
    name: v.name,
    language: v.language,
    description: v.description,
    body: v.body,
    timeout_s: timeout,
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Partial<Record<keyof ScriptFormValues, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof ScriptFormValues | undefined;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}
