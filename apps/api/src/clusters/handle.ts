import type { BuilderEngine } from '@labforge/engine';

/** What the API knows of one configured cluster at run time. */
export interface ClusterHandle {
  id: string;
  name: string;
  engine: BuilderEngine;
  /** Cheap reachability probe for /api/health: resolves to PVE's version. */
  ping(): Promise<string>;
  close(): Promise<void>;
}
