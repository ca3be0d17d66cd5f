/**
 * The engine as the API sees it (the seam in the brief). The services satisfy it structurally;
 * the API codes against this surface so routes and the job runner never reach into services.
 */
import type {
  Bridge,
  BuildRequest,
  BulkBuildRequest,
  CatalogueVm,
  ClusterNode,
  FinaliseTemplateRequest,
  Iso,
  NodeScan,
  OsTypeInfo,
  Placement,
  PreflightResponse,
  Storage,
} from '@labforge/contracts';

export type BuildEvent =
  | {
      type: 'step';
      step: string;
      status: 'running' | 'done' | 'failed' | 'skipped';
      detail?: string;
      upid?: string;
    }
  | { type: 'log'; step: string; line: string }
  | { type: 'progress'; step: string; fraction: number; detail?: string }
  | { type: 'warning'; message: string }
  | { type: 'checkpoint'; checkpoint: BuildCheckpoint };

export interface BuildCheckpoint {
  step: string;
  [k: string]: unknown;
}

export interface BuildContext {
  jobId: string;
  user: string;
  signal: AbortSignal;
  emit(e: BuildEvent): void;
}

export interface BuildOutcome {
  vmid: number;
  node: string;
  name: string;
  template: boolean;
  iso_file: string;
  virtio_iso_file?: string;
  storage: string;
  warnings: string[];
  placement: Placement;
  console_url: string;
  next_steps: string[];
}

export interface BulkItemOutcome {
  index: number;
  name: string;
  ok: boolean;
  vmid?: number;
  node?: string;
  error?: string;
  warnings: string[];
}

export interface FinaliseOutcome {
  vmid: number;
  node: string;
  ejected: string[];
  warnings: string[];
}

export interface BuilderEngine {
  listIsos(q: {
    node?: string;
    refresh?: boolean;
  }): Promise<{ isos: Iso[]; nodes: NodeScan[]; fetched_at: number }>;
  listStorages(q: { node?: string }): Promise<Storage[]>;
  listNodes(): Promise<ClusterNode[]>;
  listBridges(node: string): Promise<Bridge[]>;
  osTypes(): OsTypeInfo[];
  preflight(req: BuildRequest): Promise<Omit<PreflightResponse, 'ok'>>;
  build(req: BuildRequest, ctx: BuildContext): Promise<BuildOutcome>;
  resume(req: BuildRequest, checkpoint: BuildCheckpoint, ctx: BuildContext): Promise<BuildOutcome>;
  buildBulk(req: BulkBuildRequest, ctx: BuildContext): Promise<{ items: BulkItemOutcome[] }>;
  finaliseTemplate(req: FinaliseTemplateRequest, ctx: BuildContext): Promise<FinaliseOutcome>;
  catalogue(): Promise<CatalogueVm[]>;
  invalidateIsos(): void;
}

/** What the API knows of one configured cluster at run time. */
export interface ClusterHandle {
  id: string;
  name: string;
  engine: BuilderEngine;
  /** Cheap reachability probe for /api/health: resolves to PVE's version. */
  ping(): Promise<string>;
  close(): Promise<void>;
}

/** Duck-typed so the API need not import the services' class (same shape, name and status). */
export interface BuilderErrorLike extends Error {
  status: number;
  step?: string;
  details?: Record<string, unknown>;
}
export function isBuilderError(err: unknown): err is BuilderErrorLike {
  return (
    err instanceof Error &&
    err.name === 'BuilderError' &&
    typeof (err as BuilderErrorLike).status === 'number'
  );
}
