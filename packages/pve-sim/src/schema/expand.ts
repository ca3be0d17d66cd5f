import { INDEXED_COUNTS } from './formats/qemu-boot.js';
import type { ParamSchema } from './types.js';

/**
 * apidata.json (and our definitions) list indexed options once as `ide[n]`; PVE's real schema has
 * ide0..ide3. The count comes from the description ("(n is 0 to 3)") when present, else from the
 * known maxima of qemu-server/pve-container/pve-cluster.
 */
const EXTRA_COUNTS: Record<string, number> = {
  mp: 256,
  dev: 256,
  link: 8,
  acmedomain: 5,
  entry: 256,
};

export function indexedCount(base: string, schema: ParamSchema): number {
  const desc = typeof schema.description === 'string' ? schema.description : '';
  const m = /\(n is 0 to (\d+)\)/.exec(desc);
  if (m) return Number(m[1]) + 1;
  return INDEXED_COUNTS[base] ?? EXTRA_COUNTS[base] ?? 32;
}

const cache = new WeakMap<Record<string, ParamSchema>, Record<string, ParamSchema>>();

export function expandIndexed(
  properties: Record<string, ParamSchema>,
): Record<string, ParamSchema> {
  const hit = cache.get(properties);
  if (hit) return hit;
  const out: Record<string, ParamSchema> = {};
  for (const [key, schema] of Object.entries(properties)) {
    const m = /^(.+)\[n\]$/.exec(key);
    if (!m) {
      out[key] = schema;
      continue;
    }
    const base = m[1] as string;
    const count = indexedCount(base, schema);
    for (let i = 0; i < count; i++) out[`${base}${i}`] = schema;
  }
  cache.set(properties, out);
  return out;
}
