/**
 * @labforge/engine: the VM builder domain. Everything the API may use is exported here; nothing
 * else in this package is public (lint refuses deep imports).
 */
export { createBuilderEngine } from './engine.js';
export { BuilderError, type BuilderErrorStatus } from './errors/builder-error.js';
export { toErrorBody, type DescribedError, type ErrorContext } from './errors/error-body.js';
export type {
  BuildCheckpoint,
  BuildContext,
  BuildEvent,
  BuilderEngine,
  BuildOutcome,
  BulkItemOutcome,
  BulkOutcome,
  ClusterRuntime,
  EngineDeps,
  EngineJobs,
  FinaliseOutcome,
  IsoListing,
  JobModule,
  Logger,
  StepStatus,
} from './types.js';
export type { IsoLibraryView, LibraryEntry } from './library/library.js';
export type { IsoRemoveInput, IsoRemoveOutcome, LocatedIso } from './library/remove.js';
export type { IsoAddOutcome } from './library/transfer.js';
export type { IsoUploadInput } from './library/upload.js';
export type { DeployOutcome, DeployTuning } from './jobs/deploy-state.js';
export type { DeployCheck } from './jobs/deploy-run.js';
export { parseDeployDescription, type DeployRecord } from './vm/deploy-record.js';
export { osTypeInfos } from './vm/presets.js';
export {
  LABFORGE_TAG,
  NOTES_MARKER,
  parseDescription,
  type BuildRecord,
} from './vm/build-record.js';
export type { TemplateFacts } from './templates/facts.js';
export type { TemplateNotesInput, TemplateNotesOutcome } from './templates/mirror.js';
export type { RunScriptOutcome } from './jobs/run-script.js';
export type { RunScriptOptions, ScriptToRun, ScriptVars } from './scripts/run-on-vm.js';
export type {
  BootKeySchedule,
  PreparedConsole,
  ProxmoxConsole,
  VmActionOutcome,
  VmFacts,
  VmOperations,
} from './vms/types.js';
