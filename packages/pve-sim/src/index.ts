export { buildSimulator, type BuildOptions, type BuiltSimulator } from './app.js';
export { startSimulator, type RunningSimulator, type StartOptions } from './start.js';
export { classroomSeed, classroomCredentials } from './seeds/classroom.js';
export { resolveSeed, type SeedSource } from './seeds/load.js';
export { withCloneTemplates } from './seeds/clone-templates.js';
export type {
  ContentType,
  SeedAcl,
  SeedBridge,
  SeedNode,
  SeedSsh,
  SeedStorage,
  SeedToken,
  SeedUser,
  SeedVm,
  SeedVolume,
  SimSeed,
  StorageType,
} from './seeds/types.js';
export { createClock, type SimClock } from './state/clock.js';
export type { GuestInput } from './state/guest.js';
export type { FaultEffect, FaultRuleInput, FaultTiming } from './control/faults.js';
export type { Daemon, PoolMetrics, WorkerLimits } from './http/workers.js';
export type { JournalEntry } from './control/journal.js';
export type { Simulator } from './simulator.js';
export { SCREEN } from './console/layout.js';
export {
  readTextLines,
  rgbaPixels,
  rfbDefaultPixels,
  type PixelReader,
} from './console/text-reader.js';
export { vncAuthResponse } from './console/vnc-auth.js';
export { RfbTestClient, type RfbTransport, type ServerInit } from './console/rfb-test-client.js';
