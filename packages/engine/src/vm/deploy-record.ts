import { cleanText } from './property-values.js';

/** What a deployed VM's description records: written by the clone call itself. */
export interface DeployRecord {
  deployed_by: string;
  deployed_at: string;
  job_id: string;
  class: string;
  template: string;
  index: string;
}

const HEADER = 'Deployed with LabForge';
const KEYS: ReadonlyArray<keyof DeployRecord> = [
  'deployed_by',
  'deployed_at',
  'class',
  'template',
  'index',
  'job_id',
];

/**
 * The clone's description (Notes in the GUI): readable by a teacher, and how a restarted
 * deployment recognises the VMs it made (`job_id` + `index`), since it is written by the clone
 * call itself, before the task runs.
 */
export function formatDeployDescription(rec: DeployRecord): string {
  const lines = [HEADER];
  for (const key of KEYS) lines.push(`- ${key}: ${cleanText(rec[key]).replace(/\n/g, ' ')}`);
  return lines.join('\n');
}

export function parseDeployDescription(text: unknown): Partial<DeployRecord> | undefined {
  if (typeof text !== 'string' || !text.startsWith(HEADER)) return undefined;
  const rec: Partial<DeployRecord> = {};
  for (const line of text.split('\n')) {
    const m = /^- ([a-z_]+): (.*)$/.exec(line.trim());
    if (m && (KEYS as readonly string[]).includes(m[1] ?? ''))
      rec[m[1] as keyof DeployRecord] = m[2] ?? '';
  }
  return rec;
}
