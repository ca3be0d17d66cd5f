/**
 * Every step a job can report, in the order a job page shows them, with the words a teacher
 * reads. The engine's step runner accepts only these names; the API plans a job's checklist from
 * `planned` and places any other step it hears of at its position in this table.
 *
 * `kinds`: the job kinds that report the step (a bulk job reports build steps per item).
 * `planned`: the kinds whose checklist shows the step from the start (skipped if never reached).
 */
export const STEP_TABLE = [
  { name: 'resume', label: 'Resume after a restart', kinds: ['build'], planned: [] },
  { name: 'reconcile', label: 'Find the VMs already built', kinds: ['bulk'], planned: [] },
  { name: 'check', label: 'Check the VM', kinds: ['finalise'], planned: [] },
  {
    name: 'resolve-iso',
    label: 'Find the ISO',
    kinds: ['build', 'bulk'],
    planned: ['build'],
  },
  { name: 'place', label: 'Choose a node', kinds: ['build', 'bulk'], planned: ['build'] },
  {
    name: 'virtio-drivers',
    label: 'VirtIO drivers',
    kinds: ['build', 'bulk'],
    planned: ['build'],
  },
  {
    name: 'allocate-vmid',
    label: 'Reserve a VM id',
    kinds: ['build', 'bulk'],
    planned: ['build'],
  },
  { name: 'create', label: 'Create the VM', kinds: ['build', 'bulk'], planned: ['build'] },
  {
    name: 'attach-virtio',
    label: 'Attach the VirtIO drivers',
    kinds: ['build', 'bulk'],
    planned: [],
  },
  { name: 'eject-media', label: 'Eject install media', kinds: ['finalise'], planned: [] },
  {
    name: 'convert-template',
    label: 'Convert to template',
    kinds: ['build', 'bulk', 'finalise'],
    planned: ['build'],
  },
  { name: 'cleanup', label: 'Remove the unfinished VM', kinds: ['build', 'bulk'], planned: [] },
] as const satisfies ReadonlyArray<{
  name: string;
  label: string;
  kinds: ReadonlyArray<'build' | 'bulk' | 'finalise'>;
  planned: ReadonlyArray<'build' | 'bulk' | 'finalise'>;
}>;

export type StepName = (typeof STEP_TABLE)[number]['name'];
export const STEP_NAMES: readonly StepName[] = STEP_TABLE.map((s) => s.name);

export function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

/** The teacher-readable label of a step; an unknown name is shown as words, never hidden. */
export function stepLabel(name: string): string {
  return STEP_TABLE.find((s) => s.name === name)?.label ?? name.replace(/[-_]/g, ' ');
}

/** The checklist a job of `kind` starts with, in table order. */
export function plannedSteps(kind: 'build' | 'bulk' | 'finalise'): StepName[] {
  return STEP_TABLE.filter((s) => (s.planned as readonly string[]).includes(kind)).map(
    (s) => s.name,
  );
}

/** The steps a build goes through, in order (the checklist of a build job). */
export const BUILD_STEPS: readonly StepName[] = plannedSteps('build');

/**
 * Where a step not yet in a job's list goes: job-level steps (no item) at their table position
 * among the job-level ones; an item's steps after that item's other steps, in table order, and
 * a new item after every earlier one. Returns the index to insert at.
 */
export function stepInsertIndex(
  steps: ReadonlyArray<{ name: string; item?: string | undefined }>,
  step: { name: string; item?: string | undefined },
): number {
  const rank = (name: string) => {
    const i = STEP_NAMES.indexOf(name as StepName);
    return i === -1 ? STEP_NAMES.length : i;
  };
  const own = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.item === step.item);
  if (own.length === 0) return step.item === undefined ? firstItem(steps) : steps.length;
  const after = own.find(({ s }) => rank(s.name) > rank(step.name));
  if (after) return after.i;
  return (own.at(-1)?.i ?? steps.length - 1) + 1;
}

function firstItem(steps: ReadonlyArray<{ item?: string | undefined }>): number {
  const i = steps.findIndex((s) => s.item !== undefined);
  return i === -1 ? steps.length : i;
}
