import { describe, expect, it } from 'vitest';
import {
  BUILD_STEPS,
  STEP_TABLE,
  isStepName,
  plannedSteps,
  stepInsertIndex,
  stepLabel,
} from '../src/index.js';

describe('the step table', () => {
  it('plans a build checklist in table order, with the VirtIO step the engine runs', () => {
    expect(BUILD_STEPS).toEqual([
      'resolve-iso',
      'place',
      'virtio-drivers',
      'allocate-vmid',
      'create',
      'convert-template',
    ]);
    expect(plannedSteps('finalise')).toEqual([]);
    expect(stepLabel('virtio-drivers')).toBe('VirtIO drivers');
    expect(isStepName('virtio')).toBe(false);
    for (const s of STEP_TABLE) expect(s.kinds.length).toBeGreaterThan(0);
  });

  it('places an unplanned step at its table position and item steps after their item', () => {
    const steps: Array<{ name: string; item?: string }> = BUILD_STEPS.map((name) => ({ name }));
    expect(stepInsertIndex(steps, { name: 'attach-virtio' })).toBe(
      BUILD_STEPS.indexOf('create') + 1,
    );
    expect(stepInsertIndex(steps, { name: 'cleanup' })).toBe(steps.length);
    const bulk = [
      { name: 'resolve-iso' },
      { name: 'create', item: 'a' },
      { name: 'create', item: 'b' },
    ];
    expect(stepInsertIndex(bulk, { name: 'place' })).toBe(1);
    expect(stepInsertIndex(bulk, { name: 'allocate-vmid', item: 'b' })).toBe(2);
    expect(stepInsertIndex(bulk, { name: 'convert-template', item: 'a' })).toBe(2);
    expect(stepInsertIndex(bulk, { name: 'create', item: 'c' })).toBe(3);
  });
});
