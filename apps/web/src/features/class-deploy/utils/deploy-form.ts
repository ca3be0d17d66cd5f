import {
  classVmNames,
  deployClassRequestSchema,
  type DeployClassRequestInput,
} from '@labforge/contracts';

/** The deploy form as the teacher fills it in (strings as typed). */
export interface DeployForm {
  className: string;
  naming: 'numbered' | 'names';
  count: string;
  pattern: string;
  names: string;
  namesPattern: string;
  clone: 'linked' | 'full';
  storage: string;
  nodes: string[];
  pool: string;
  tags: string;
  start: boolean;
  scriptId: string;
}

export const emptyForm = (clone: 'linked' | 'full'): DeployForm => ({
  className: '',
  naming: 'numbered',
  count: '5',
  pattern: 'lab-{nn}',
  names: '',
  namesPattern: '{name}',
  clone,
  storage: '',
  nodes: [],
  pool: '',
  tags: '',
  start: false,
  scriptId: '',
});

/** Field labels, so an API message names what the teacher sees, not the API's name. */
export const FIELD_LABELS: Record<string, string> = {
  class_name: 'Class name',
  count: 'Number of VMs',
  name_pattern: 'Name pattern',
  names: 'Student names',
  clone: 'Kind of copy',
  storage: 'Storage for the copies',
  nodes: 'Nodes',
  pool: 'Proxmox pool',
  tags: 'Tags',
  script: 'Script',
};

const studentList = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The request body the form means (empty = left out). */
export function toRequest(f: DeployForm): DeployClassRequestInput {
  const tags = f.tags.split(/[\s,;]+/).filter(Boolean);
  return {
    ...(f.className.trim() ? { class_name: f.className.trim() } : {}),
    ...(f.naming === 'numbered'
      ? { count: Number(f.count), name_pattern: f.pattern }
      : { names: studentList(f.names), name_pattern: f.namesPattern || '{name}' }),
    clone: f.clone,
    ...(f.clone === 'full' && f.storage ? { storage: f.storage } : {}),
    ...(f.nodes.length > 0 ? { nodes: f.nodes } : {}),
    ...(f.pool.trim() ? { pool: f.pool.trim() } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    start: f.start,
    ...(f.scriptId ? { script: { script_id: f.scriptId } } : {}),
  };
}

/** The names the class will get, or why not, as the API will see it. */
export function previewNames(f: DeployForm): { names: string[] } | { error: string } {
  const body = toRequest(f);
  const r = classVmNames(body);
  return r.ok ? { names: r.names } : { error: r.message };
}

/** Every problem, by the API's field name (the form shows each next to its input). */
export function formErrors(f: DeployForm): Record<string, string> {
  const parsed = deployClassRequestSchema.safeParse(toRequest(f));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'body');
    out[key] ??= issue.message;
  }
  return out;
}

/** "lab-01, lab-02, lab-03 … lab-30": the first few and the last. */
export function previewText(names: readonly string[]): string {
  if (names.length <= 6) return names.join(', ');
  return `${names.slice(0, 4).join(', ')} … ${names.at(-1) ?? ''}`;
}
