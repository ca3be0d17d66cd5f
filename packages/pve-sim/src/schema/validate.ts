import { checkObject, scalarText, type PerlValue } from './engine.js';
import { expandIndexed } from './expand.js';
import type { Encoding, ErrorMap, MethodDefinition, ParamSchema } from './types.js';

export type ValidationResult =
  { ok: true; params: Record<string, unknown> } | { ok: false; errors: ErrorMap };

/**
 * PVE's parameter verification (RESTHandler::handle -> JSONSchema::validate) of one request.
 * `raw` holds the merged query, body AND path parameters (PVE merges URI params before validating).
 * Form and query values are strings as pve-http-server's decode_urlencoded yields them: `k=` carries
 * no value at all (Perl's split drops the empty field), repeated keys arrive as arrays. JSON bodies
 * keep their types, so JSON true/false pass as booleans while form booleans must be '1' or '0'.
 * Like RESTHandler's normalize_legacy_param_formats, arrays given for `*-list` string formats are
 * joined with ',' and scalars given for array parameters are wrapped.
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
    if (opts.encoding !== 'json' && v === '') continue;
    value[k] = normalizeLegacy(properties[k], v);
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

function normalizeLegacy(schema: ParamSchema | undefined, v: PerlValue): PerlValue {
  // Perl truthiness: '', '0' and undef are left alone.
  if (!schema || v === null || v === '' || v === '0' || v === 0 || v === false) return v;
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (Array.isArray(v) && schema.type === 'string' && format.endsWith('-list'))
    return v.map((x) => scalarText(x)).join(',');
  if (!Array.isArray(v) && schema.type === 'array') return [v];
  return v;
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
