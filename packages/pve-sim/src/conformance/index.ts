import { checkProp, scalarText } from '../schema/engine.js';
import { getFormat } from '../schema/formats/registry.js';
import {
  expandIndexed,
  matchRoute,
  validateParameters,
  type Encoding,
  type ErrorMap,
  type MethodDefinition,
  type ParamSchema,
} from '../schema/index.js';

export { expectedSchemaPath, loadOfficialApi, officialSchemaPath } from './load.js';

export type CheckResult = { ok: true } | { ok: false; reason: string; errors?: ErrorMap };

/**
 * The verdict real PVE's request pipeline would give on routing and parameter verification:
 * whether a handler exists for the method and path (else 501), whether URI and body parameters
 * conflict, and whether the parameters pass the endpoint's JSON schema (else 400 with PVE's
 * messages). Not on permissions or handler logic.
 */
export function checkRequest(
  api: MethodDefinition[],
  req: { method: string; path: string; params: Record<string, unknown>; encoding: Encoding },
): CheckResult {
  const path = req.path.replace(/^\/api2\/json(?=\/)/, '');
  const route = matchRoute(api, req.method, path);
  if (route.kind !== 'match')
    return { ok: false, reason: `Method '${req.method} ${path}' not implemented` };
  const params: Record<string, unknown> = { ...req.params };
  // PVE::HTTPServer rest_handler: the first conflicting key (sorted) is raised alone.
  for (const k of Object.keys(params).sort()) {
    const uri = route.pathParams[k];
    if (uri !== undefined && params[k] !== undefined && scalarText(params[k]) !== uri) {
      return {
        ok: false,
        reason: 'Parameter verification failed.',
        errors: { [k]: 'duplicate parameter (already defined in URI) with conflicting values!' },
      };
    }
  }
  Object.assign(params, route.pathParams);
  const res = validateParameters(route.definition, params, { encoding: req.encoding });
  return res.ok
    ? { ok: true }
    : { ok: false, reason: 'Parameter verification failed.', errors: res.errors };
}

/**
 * Formats real PVE itself does not honour in responses, so a response check must not demand them.
 * Network.pm list: `netmask` is documented as ipv4mask, but Network/Interfaces.pm returns the prefix
 * length ("24").
 */
const VIOLATED_BY_PVE: Record<string, string> = {
  ipv4mask: 'GET /nodes/{node}/network returns netmask as a prefix length',
};

/** Drops named formats this package does not know, so a response check never fails on them. */
function knownFormatsOnly(schema: unknown): ParamSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    return schema as ParamSchema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'format' && typeof v === 'string') {
      const base = v.replace(/-(list|opt)$/, '');
      if (!getFormat(base) || base in VIOLATED_BY_PVE) continue;
      out[k] = v;
    } else if (k === 'properties' && v && typeof v === 'object') {
      // Indexed keys (`ide[n]`) describe ide0..ide3 in responses as well.
      const props = expandIndexed(v as Record<string, ParamSchema>);
      out[k] = Object.fromEntries(
        Object.entries(props).map(([pk, pv]) => [pk, knownFormatsOnly(pv)]),
      );
    } else if (k === 'items' || k === 'additionalProperties') {
      out[k] = typeof v === 'object' ? knownFormatsOnly(v) : v;
    } else {
      out[k] = v;
    }
  }
  return out as ParamSchema;
}

/**
 * Checks response data against a method's documented `returns` schema with the same engine
 * (PVE's RESTHandler does this in debug mode): types, required properties, enums, ranges, formats.
 */
export function checkReturns(
  def: MethodDefinition,
  data: unknown,
): { ok: true } | { ok: false; problems: string[] } {
  if (def.returns === undefined) return { ok: true };
  const errors: ErrorMap = {};
  checkProp(data === null ? undefined : data, knownFormatsOnly(def.returns), 'data', errors);
  const problems = Object.entries(errors).map(([k, v]) => `${k}: ${v}`);
  jsonBooleans(knownFormatsOnly(def.returns), data, 'data', problems);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** The parts of a `/_sim/requests` journal entry that checkJournal needs. */
export interface JournalRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
  status?: number;
}

/**
 * Checks every API request of a simulator journal against a schema (usually the official one):
 * returns the requests real PVE would refuse at routing or parameter verification, with why.
 */
export function checkJournal<T extends JournalRequest>(
  api: MethodDefinition[],
  entries: T[],
): Array<{ entry: T; reason: string; errors?: ErrorMap }> {
  const refused: Array<{ entry: T; reason: string; errors?: ErrorMap }> = [];
  for (const entry of entries) {
    if (entry.path.startsWith('/_sim')) continue;
    const verdict = checkRequest(api, entry);
    if (!verdict.ok) {
      refused.push(
        verdict.errors
          ? { entry, reason: verdict.reason, errors: verdict.errors }
          : { entry, reason: verdict.reason },
      );
    }
  }
  return refused;
}

/**
 * PVE's Perl code returns booleans as 0/1 numbers; JSON true/false would pass check_type but is
 * not what a real node sends, so responses are held to that too.
 */
function jsonBooleans(
  schema: ParamSchema | undefined,
  data: unknown,
  path: string,
  problems: string[],
): void {
  if (!schema || data === null || data === undefined) return;
  if (typeof data === 'boolean') {
    if (schema.type === 'boolean')
      problems.push(`${path}: boolean sent as JSON ${String(data)}, PVE sends ${data ? 1 : 0}`);
    return;
  }
  if (Array.isArray(data)) {
    data.forEach((el, i) => jsonBooleans(schema.items, el, `${path}[${i}]`, problems));
    return;
  }
  if (typeof data === 'object' && schema.properties) {
    for (const [k, v] of Object.entries(data))
      jsonBooleans(schema.properties[k], v, `${path}.${k}`, problems);
  }
}
