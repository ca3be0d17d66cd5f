/**
 * Every step a job can report, in the order a job page shows them, with the words a teacher
 * reads. The engine's step runner accepts only these names; the API plans a job's checklist from
 * `planned` and places any other step it hears of at its position in this table.
 *
 * `kinds`: the job kinds that report the step (a bulk job reports build steps per item).
 * `planned`: the kinds whose checklist shows the step from the start (skipped if never reached).
 */
type Kind = 'build' | 'bulk' | 'finalise' | 'iso-download' | 'run-script' | 'deploy';

function step<const N extends string>(
  name: N,
  label: string,
  kinds: readonly Kind[],
  planned: readonly Kind[] = [],
) {
  return { name, label, kinds, planned };
}

const BUILDS = ['build', 'bulk'] as const;

export const STEP_TABLE = [
  step('resume', 'Resume after a restart', ['build']),
  step('reconcile', 'Find the VMs already built', ['bulk', 'deploy']),
  step('check', 'Check the VM', ['finalise']),
  step('check-template', 'Check the template', ['deploy'], ['deploy']),
  step('plan-class', 'Choose nodes for the class', ['deploy'], ['deploy']),
  step('resolve-iso', 'Find the ISO', BUILDS, ['build']),
  step('place', 'Choose a node', BUILDS, ['build']),
  step('virtio-drivers', 'VirtIO drivers', BUILDS, ['build']),
  step('allocate-vmid', 'Reserve a VM id', [...BUILDS, 'deploy'], ['build']),
  step('create', 'Create the VM', BUILDS, ['build']),
  step('clone', 'Copy the template', ['deploy']),
  step('set-tags', 'Add the tags', ['deploy']),
  step('start-vm', 'Start the VM', ['deploy']),
  // Per VM (item = the VM's name): start if needed, wait for the guest agent, run, collect output.
  step('run-script', 'Run the script', ['deploy', 'run-script']),
  step('attach-virtio', 'Attach the VirtIO drivers', BUILDS),
  step('eject-media', 'Eject install media', ['finalise']),
  step('convert-template', 'Convert to template', [...BUILDS, 'finalise'], ['build']),
  step('cleanup', 'Remove the unfinished VM', [...BUILDS, 'deploy']),
  step('inspect-url', 'Check the link and the space', ['iso-download'], ['iso-download']),
  step('download-iso', 'Download the ISO', ['iso-download'], ['iso-download']),
  step('resume-scripts', 'Pick up the runs started before a restart', ['run-script']),
  step('find-vms', 'Find the VMs', ['run-script'], ['run-script']),
] as const;

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
export function plannedSteps(kind: Kind): StepName[] {
  return STEP_TABLE.filter((s) => s.planned.includes(kind)).map((s) => s.name);
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
