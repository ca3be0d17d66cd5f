import type { Placement } from '@labforge/contracts';
import type { BuildCheckpoint } from '../types.js';

/** What a build's checkpoint records: enough to pick the build up after an API restart. */
export interface BuildState {
  name: string;
  node: string;
  storage: string;
  placement: Placement;
  vmid?: number;
  /** Epoch seconds just before the create was sent (minus clock skew): its task starts later. */
  createSince?: number;
  upid?: string;
  created: boolean;
  virtioVolid?: string;
  virtioKey?: string;
  virtioPending?: boolean;
  virtioUpid?: string;
  templateUpid?: string;
  /** The VM already is a template (seen on reconcile). */
  converted?: boolean;
  template?: boolean;
  windows?: boolean;
}

/**
 * Checkpoint names: `placed`, `creating` (VMID chosen, create about to be sent), `create` (UPID
 * known), `created`, `virtio-attached`,
 * `convert-template` (its UPID known), `converted`, `done`.
 */
export function checkpointOf(step: string, s: BuildState): BuildCheckpoint {
  return { step, ...s };
}
