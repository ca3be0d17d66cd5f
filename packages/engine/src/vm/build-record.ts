import { cleanText } from './property-values.js';

/** The tag that marks VMs LabForge built (PVE tag grammar: lower-case, no separators). */
export const LABFORGE_TAG = 'labforge';

export interface BuildRecord {
  built_by: string;
  built_at: string;
  iso_file: string;
  os_type: string;
  job_id: string;
  virtio_iso_file?: string;
}

const HEADER = 'Built with LabForge';
/**
 * Where a template's notes (written by its author in LabForge) start in the description; the
 * build record above it is never rewritten, and is read only up to this line.
 */
export const NOTES_MARKER = '--- Notes (edited in LabForge) ---';
const KEYS: ReadonlyArray<keyof BuildRecord> = [
  'built_by',
  'built_at',
  'iso_file',
  'os_type',
  'job_id',
  'virtio_iso_file',
];

/**
 * The VM description (Notes in the GUI): readable by a teacher, parseable by the catalogue.
 * One `key: value` line per field; values cannot contain newlines.
 */
export function formatDescription(rec: BuildRecord): string {
  const lines = [HEADER];
  for (const key of KEYS) {
    const value = rec[key];
    if (value !== undefined) lines.push(`- ${key}: ${cleanText(value).replace(/\n/g, ' ')}`);
  }
  return lines.join('\n');
}

export function parseDescription(text: unknown): Partial<BuildRecord> | undefined {
  if (typeof text !== 'string') return undefined;
  const at = text.indexOf(NOTES_MARKER);
  const head = at === -1 ? text : text.slice(0, at);
  if (!head.includes(HEADER)) return undefined;
  const rec: Partial<BuildRecord> = {};
  for (const line of head.split('\n')) {
    const m = /^- ([a-z_]+): (.*)$/.exec(line.trim());
    if (m && (KEYS as readonly string[]).includes(m[1] ?? '')) {
      rec[m[1] as keyof BuildRecord] = m[2] ?? '';
    }
  }
  return rec;
}

export function hasLabforgeTag(tags: unknown): boolean {
  return typeof tags === 'string' && tags.split(/[;, ]/).includes(LABFORGE_TAG);
}
