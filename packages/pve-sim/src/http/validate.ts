import type { Encoding } from '../control/journal.js';
import type { ApiRoute } from './route.js';

export type Validation =
  { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/**
 * Placeholder until the schema validator (src/schema) lands: passes parameters through.
 * Handlers coerce defensively with int()/bool()/str() so they work before and after.
 */
export function validateRequest(
  _route: ApiRoute,
  raw: Record<string, unknown>,
  _encoding: Encoding,
): Validation {
  return { ok: true, params: raw };
}
