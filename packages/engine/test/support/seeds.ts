import { classroomSeed, type SimSeed } from '@labforge/pve-sim';

/** A copy of the classroom seed, changed by `edit`. */
export function seedWith(edit: (s: SimSeed) => void): SimSeed {
  const seed = structuredClone(classroomSeed);
  edit(seed);
  return seed;
}

export const GiB = 1024 ** 3;
