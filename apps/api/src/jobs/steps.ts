import { BUILD_STEPS, type Job, type JobStep } from '@labforge/contracts';
import { nowIso } from '../db/database.js';

const LABELS: Record<string, string> = {
  'resolve-iso': 'Find the ISO',
  place: 'Choose a node',
  'virtio-drivers': 'VirtIO drivers',
  'allocate-vmid': 'Reserve a VM id',
  create: 'Create the VM',
  'convert-template': 'Convert to template',
  finalise: 'Finalise the template',
  eject: 'Eject install media',
};

export function stepLabel(name: string): string {
  return LABELS[name] ?? name.replace(/[-_]/g, ' ');
}

export function initialSteps(kind: Job['kind']): JobStep[] {
  const names: readonly string[] = kind === 'build' ? BUILD_STEPS : [];
  return names.map((name) => ({ name, label: stepLabel(name), status: 'pending' }));
}

/** Applies a step transition, adding steps the engine reports that were not planned. */
export function applyStep(
  steps: JobStep[],
  e: { step: string; status: JobStep['status']; detail?: string; upid?: string },
): void {
  let step = steps.find((s) => s.name === e.step);
  if (!step) {
    step = { name: e.step, label: stepLabel(e.step), status: 'pending' };
    steps.push(step);
  }
  step.status = e.status;
  if (e.status === 'running') step.started_at ??= nowIso();
  else step.finished_at = nowIso();
  if (e.detail !== undefined) step.detail = e.detail;
  if (e.upid !== undefined) step.upid = e.upid;
}

/** When a job ends, steps never reached are skipped and a running one takes the job's fate. */
export function closeSteps(steps: JobStep[], outcome: 'done' | 'failed'): void {
  for (const s of steps) {
    if (s.status === 'pending') {
      s.status = 'skipped';
    } else if (s.status === 'running') {
      s.status = outcome;
      s.finished_at = nowIso();
    }
  }
}
