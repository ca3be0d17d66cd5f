import { checkObject, scalarText, type PerlValue } from './engine.js';
import { expandIndexed } from './expand.js';
import type { Encoding, ErrorMap, MethodDefinition, ParamSchema } from './types.js';

export type ValidationResult =
  { ok: true; params: Record<string, unknown> } | { ok: false; errors: ErrorMap };

/**
 * PVE's parameter verification (RESTHandler -> JSONSchema::validate) of one request.
 * `raw` holds the merged query, body AND path parameters (PVE merges URI params before validating).
 * Form and query values are strings; repeated form keys (arrays) are joined with NUL as
 * pve-http-server does. JSON bodies keep their types, so JSON true/false pass as booleans while
 * form booleans must be exactly '1' or '0'.
 * On success, params are coerced: integers and numbers as JS numbers, booleans as 0/1.
 */
export function validateParameters(
  def: MethodDefinition,
  raw: Record<string, unknown>,
  opts: { encoding: Encoding },
): ValidationResult {
  const properties = expandIndexed(def.parameters.properties);
  const value: Record<string, PerlValue> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_dc' || v === undefined) continue;
    value[k] =
      opts.encoding !== 'json' && Array.isArray(v) ? v.map((x) => scalarText(x)).join('\0') : v;
  }
  const errors: ErrorMap = {};
  checkObject('', properties, value, def.parameters.additionalProperties, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    params[k] = coerce(properties[k], v);
  }
  return { ok: true, params };
}

function coerce(schema: ParamSchema | undefined, v: PerlValue): unknown {
  if (typeof v === 'object' && v !== null) return v;
  const text = scalarText(v);
  switch (schema?.type) {
    case 'integer':
    case 'number':
      return Number(text);
    case 'boolean':
      return text === '1' ? 1 : 0;
    default:
      return text;
  }
}
