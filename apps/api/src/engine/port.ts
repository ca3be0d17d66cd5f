/**
 * The engine as the API sees it. Routes and the job runner import from here, never from the
 * services' internals; the types themselves are the engine's own, so the two cannot drift.
 */
import type { BuilderEngine } from '../services/index.js';
import { BuilderError } from '../services/index.js';

export type {
  BuildCheckpoint,
  BuildContext,
  BuildEvent,
  BuilderEngine,
  BuildOutcome,
  BulkItemOutcome,
} from '../services/index.js';
export { BuilderError };

export type FinaliseOutcome = Awaited<ReturnType<BuilderEngine['finaliseTemplate']>>;

/** What the API knows of one configured cluster at run time. */
export interface ClusterHandle {
  id: string;
  name: string;
  engine: BuilderEngine;
  /** Cheap reachability probe for /api/health: resolves to PVE's version. */
  ping(): Promise<string>;
  close(): Promise<void>;
}

export function isBuilderError(err: unknown): err is BuilderError {
  return err instanceof BuilderError;
}
