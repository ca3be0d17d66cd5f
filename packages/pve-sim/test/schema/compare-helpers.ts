import { indexedCount } from '../../src/schema/expand.js';
import type { InlineFormat, MethodDefinition, ParamSchema } from '../../src/schema/index.js';

/** Structural comparison of two parameter schemas; returns human-readable differences. */
const FIELDS = [
  'default',
  'type',
  'enum',
  'minimum',
  'maximum',
  'maxLength',
  'pattern',
  'requires',
  'alias',
  'keyAlias',
] as const;

const norm = (field: string, v: unknown): unknown => {
  if (v === undefined || v === null) return undefined;
  if ((field === 'minimum' || field === 'maximum') && typeof v === 'string') return Number(v);
  if (field === 'enum' && Array.isArray(v)) return JSON.stringify(v);
  if (field === 'default') return String(v);
  return v;
};

export function compareSchema(
  path: string,
  ours: ParamSchema,
  theirs: ParamSchema,
  out: string[],
): void {
  for (const f of FIELDS) {
    const a = norm(f, ours[f]);
    const b = norm(f, theirs[f]);
    if (a !== b) out.push(`${path}: ${f} ours=${JSON.stringify(a)} official=${JSON.stringify(b)}`);
  }
  if (!!ours.optional !== !!theirs.optional)
    out.push(`${path}: optional ours=${!!ours.optional} official=${!!theirs.optional}`);
  if (!!ours.default_key !== !!theirs.default_key) out.push(`${path}: default_key differs`);
  const fa = ours.format;
  const fb = theirs.format;
  if (typeof fa === 'object' && typeof fb === 'object') compareProperties(path, fa, fb, out);
  else if (fa !== fb)
    out.push(
      `${path}: format ours=${JSON.stringify(typeof fa === 'object' ? 'inline' : fa)} official=${JSON.stringify(typeof fb === 'object' ? 'inline' : fb)}`,
    );
  const m = /(?:^|\.)([a-z]+)\[n\]$/.exec(path);
  if (m && indexedCount(m[1] as string, ours) !== indexedCount(m[1] as string, theirs)) {
    out.push(
      `${path}: index count ours=${indexedCount(m[1] as string, ours)} official=${indexedCount(m[1] as string, theirs)}`,
    );
  }
}

export function compareProperties(
  path: string,
  ours: InlineFormat,
  theirs: InlineFormat,
  out: string[],
): void {
  for (const k of Object.keys(theirs))
    if (!(k in ours)) out.push(`${path}.${k}: missing in simulatorApi`);
  for (const k of Object.keys(ours))
    if (!(k in theirs)) out.push(`${path}.${k}: not in official schema`);
  for (const [k, s] of Object.entries(ours)) {
    const t = theirs[k];
    if (t) compareSchema(`${path}.${k}`, s, t, out);
  }
}

export function compareDefinition(
  ours: MethodDefinition,
  theirs: MethodDefinition,
  out: string[],
): void {
  const id = `${ours.method} ${ours.path}`;
  compareProperties(id, ours.parameters.properties, theirs.parameters.properties, out);
  if (!!ours.parameters.additionalProperties !== !!theirs.parameters.additionalProperties)
    out.push(`${id}: additionalProperties differs`);
  if (!!ours.protected !== !!theirs.protected) out.push(`${id}: protected differs`);
  if ((ours.proxyto ?? '') !== (theirs.proxyto ?? '')) out.push(`${id}: proxyto differs`);
  if (ours.allowtoken !== theirs.allowtoken) out.push(`${id}: allowtoken differs`);
  const rt = (d: MethodDefinition): unknown => (d.returns as { type?: unknown } | undefined)?.type;
  if (rt(ours) !== rt(theirs))
    out.push(`${id}: returns type ours=${String(rt(ours))} official=${String(rt(theirs))}`);
}

/** Every named format a schema tree references (e.g. 'pve-vmid', 'pve-tag' of 'pve-tag-list'). */
export function namedFormats(
  schema: ParamSchema | InlineFormat,
  into = new Set<string>(),
): Set<string> {
  for (const s of Object.values(schema as Record<string, ParamSchema>)) {
    if (!s || typeof s !== 'object') continue;
    if (typeof s.format === 'string') into.add(s.format.replace(/-(list|opt)$/, ''));
    else if (s.format) namedFormats(s.format, into);
  }
  return into;
}
