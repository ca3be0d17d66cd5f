import { readFileSync } from 'node:fs';
import { BUILTIN_ROLES } from '../state/roles.js';
import { classroomSeed } from './classroom.js';
import type { SimSeed } from './types.js';

export type SeedSource = 'classroom' | SimSeed | string;

/** A seed by name, object or JSON file path; shape errors name the offending field. */
export function resolveSeed(source: SeedSource | undefined): SimSeed {
  if (source === undefined || source === 'classroom') return structuredClone(classroomSeed);
  const seed: unknown =
    typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : structuredClone(source);
  return checkSeed(seed);
}

export function checkSeed(seed: unknown): SimSeed {
  const s = seed as Partial<SimSeed> | null;
  if (!s || typeof s !== 'object') throw new Error('seed: must be a JSON object');
  if (!Array.isArray(s.nodes) || s.nodes.length === 0)
    throw new Error('seed: "nodes" must be a non-empty array');
  if (!Array.isArray(s.storages)) throw new Error('seed: "storages" must be an array');
  for (const n of s.nodes) {
    if (typeof n.name !== 'string' || !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(n.name))
      throw new Error(`seed: invalid node name ${JSON.stringify(n.name)}`);
  }
  for (const st of s.storages) {
    if (typeof st.id !== 'string' || typeof st.type !== 'string' || !Array.isArray(st.content))
      throw new Error(`seed: storage ${JSON.stringify(st.id)} needs id, type and content`);
  }
  for (const a of s.acl ?? []) {
    if (!BUILTIN_ROLES[a.role] && !s.roles?.[a.role])
      throw new Error(`seed: ACL on ${a.path} uses unknown role '${a.role}'`);
  }
  return s as SimSeed;
}
