import {
  plannedSteps,
  stepInsertIndex,
  stepLabel,
  type JobKind,
  type JobStep,
} from '@labforge/contracts';
import { nowIso } from '../db/database.js';

/** The checklist a new job starts with: the contracts' planned steps for its kind. */
export function initialSteps(kind: JobKind): JobStep[] {
  return plannedSteps(kind).map((name) => ({ name, label: stepLabel(name), status: 'pending' }));
}

/**
 * Applies a step transition. A step not yet listed (one only some builds take, or a bulk item's)
 * goes where the contracts' step table puts it, so the list always reads in order.
 */
export function applyStep(
  steps: JobStep[],
  e: { step: string; item?: string; status: JobStep['status']; detail?: string; upid?: string },
): void {
  let step = steps.find((s) => s.name === e.step && s.item === e.item);
  if (!step) {
    step = {
      name: e.step,
      ...(e.item !== undefined ? { item: e.item } : {}),
      label: stepLabel(e.step),
      status: 'pending',
    };
    steps.splice(stepInsertIndex(steps, step), 0, step);
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
