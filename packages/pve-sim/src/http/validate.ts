import type { Encoding } from '../control/journal.js';
import { type MethodDefinition, simulatorApi, validateParameters } from '../schema/index.js';
import type { ApiRoute } from './route.js';

export type Validation =
  { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

const byKey = new Map<string, MethodDefinition>();
for (const d of simulatorApi) byKey.set(`${d.method} ${d.path}`, d);

export function definitionFor(route: ApiRoute): MethodDefinition | undefined {
  return byKey.get(`${route.method} ${route.path}`);
}

/**
 * PVE's JSONSchema verification of the merged path/query/body parameters (src/schema).
 * Routes without a hand-written definition yet pass through; handlers still coerce defensively.
 */
export function validateRequest(
  route: ApiRoute,
  raw: Record<string, unknown>,
  encoding: Encoding,
): Validation {
  const def = definitionFor(route);
  if (!def) return { ok: true, params: raw };
  return validateParameters(def, raw, { encoding });
}
