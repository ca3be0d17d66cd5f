import {
  classVmNames,
  expandNamePattern,
  isStepName,
  stepLabel,
  type Job,
  type JobStep,
} from '@labforge/contracts';

/** How a step's state reads next to its label. */
export const STEP_STATUS_WORDS: Record<JobStep['status'], string> = {
  pending: 'waiting',
  running: 'in progress',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
};

/**
 * The one rule for a step's words: a step the contracts' table knows shows the table's label;
 * any other name (an engine newer than this page, or a typo) shows the server's label only when
 * it is words, never an identifier such as `virtio` or `allocate_vmid`.
 */
export function stepWords(step: Pick<JobStep, 'name' | 'label'>): string {
  if (isStepName(step.name)) return stepLabel(step.name);
  const label = step.label.trim();
  const looksLikeWords = /\s/.test(label) && label !== step.name && !/[_:{}]/.test(label);
  return looksLikeWords ? label : 'Another step';
}

/** Windows builds need the VirtIO driver ISO; every other OS type is built without it. */
function wantsVirtio(request: Record<string, unknown>): boolean {
  const os = request.os_type;
  return (typeof os === 'string' && os.startsWith('windows')) || 'virtio_iso_file' in request;
}

const VIRTIO_STEPS = new Set(['virtio-drivers', 'attach-virtio']);

/**
 * The steps worth a line: a non-Windows build's VirtIO steps are left out while they only wait
 * or were skipped for no stated reason (the engine never runs them for Linux).
 */
export function visibleSteps(job: Pick<Job, 'steps' | 'request'>): JobStep[] {
  const virtio = wantsVirtio(job.request);
  return job.steps.filter(
    (s) =>
      virtio ||
      !VIRTIO_STEPS.has(s.name) ||
      !(s.status === 'pending' || (s.status === 'skipped' && !s.detail)),
  );
}

/** A step's state for a reader: "skipped" says why when the server said why. */
export function statusWords(step: JobStep): string {
  const words = STEP_STATUS_WORDS[step.status];
  return step.status === 'skipped' && step.detail ? `${words} (${step.detail})` : words;
}

/** The VM names a bulk request builds, in order. */
export function bulkNames(request: Record<string, unknown>): string[] {
  const { name_pattern: pattern, count, start_index: start } = request;
  // A class deployment: count + pattern or a list of students, named as the API names them.
  if (typeof request.template_vmid === 'number') {
    const r = classVmNames({
      count: typeof count === 'number' ? count : undefined,
      name_pattern: typeof pattern === 'string' ? pattern : undefined,
      names: Array.isArray(request.names) ? request.names.map(String) : undefined,
    });
    return r.ok ? r.names : [];
  }
  if (typeof pattern !== 'string' || typeof count !== 'number') return [];
  const first = typeof start === 'number' ? start : 1;
  return Array.from({ length: count }, (_, i) => expandNamePattern(pattern, first + i));
}

/** The name a teacher recognises a job by: the VM name, or the first and last of a class. */
export function jobTitle(request: Record<string, unknown>, kind: string): string {
  if (typeof request.vm_name === 'string') return request.vm_name;
  const script = request.script;
  if (script && typeof script === 'object' && 'name' in script && Array.isArray(request.vmids)) {
    const n = request.vmids.length;
    return `${String(script.name)} on ${n === 1 ? `VM ${String(request.vmids[0])}` : `${n} VMs`}`;
  }
  if (kind === 'deploy' && typeof request.class_name === 'string') return request.class_name;
  const names = bulkNames(request);
  if (names.length === 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length > 2) return `${names[0]} … ${names.at(-1)}`;
  if (typeof request.vmid === 'number') return `VM ${request.vmid}`;
  // An ISO download: the file's name, or the last part of its URL.
  if (typeof request.filename === 'string') return request.filename;
  if (typeof request.url === 'string') return request.url.split('/').pop() ?? request.url;
  return kind === 'finalise' ? 'a template' : 'a VM';
}
