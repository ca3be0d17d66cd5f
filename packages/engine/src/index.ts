export { createBuilderEngine } from './engine.js';
export { BuilderError, type BuilderErrorStatus } from './errors.js';
export type {
  BuildCheckpoint,
  BuildContext,
  BuildEvent,
  BuilderEngine,
  BuildOutcome,
  BulkItemOutcome,
  ClusterRuntime,
  EngineDeps,
  FinaliseOutcome,
  IsoListing,
  Logger,
  StepStatus,
} from './types.js';
export { osTypeInfos } from './presets.js';
export { LABFORGE_TAG, parseDescription } from './build-record.js';
