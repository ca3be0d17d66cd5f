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
import type { PveClient, SshExecutor } from '@labforge/pve-client';

/** One configured cluster, built by the API from its config. */
export interface ClusterRuntime {
  id: string;
  name: string;
  /** A PveClient; the engine uses the narrow `PveApi` part of it (pve-port.ts). */
  client: PveClient;
  /** Proxmox web UI base, e.g. https://pve1.example:8006 (console links). */
  webUiUrl: string;
  virtio: { url: string; sha256?: string; filename?: string };
  defaults: { storage?: string; bridge: string };
  /** Only when SSH is configured for this cluster. */
  ssh?: (node: string) => SshExecutor;
}

export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';

export type BuildEvent =
  | { type: 'step'; step: string; status: StepStatus; detail?: string; upid?: string }
  | { type: 'log'; step: string; line: string }
  | { type: 'progress'; step: string; fraction: number; detail?: string }
  | { type: 'warning'; message: string }
  | { type: 'checkpoint'; checkpoint: BuildCheckpoint };

/** Enough to resume a build after an API restart; the API persists the latest one. */
export interface BuildCheckpoint {
  step: string;
  node?: string;
  vmid?: number;
  upid?: string;
  created?: boolean;
  templateUpid?: string;
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

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface IsoListing {
  isos: Iso[];
  nodes: NodeScan[];
  fetched_at: number;
}

export interface BuilderEngine {
  listIsos(q: { node?: string; refresh?: boolean }): Promise<IsoListing>;
  listStorages(q: { node?: string }): Promise<Storage[]>;
  listNodes(): Promise<ClusterNode[]>;
  listBridges(node: string): Promise<Bridge[]>;
  osTypes(): OsTypeInfo[];
  preflight(req: BuildRequest): Promise<Omit<PreflightResponse, 'ok'>>;
  build(req: BuildRequest, ctx: BuildContext): Promise<BuildOutcome>;
  resume(req: BuildRequest, checkpoint: BuildCheckpoint, ctx: BuildContext): Promise<BuildOutcome>;
  buildBulk(req: BulkBuildRequest, ctx: BuildContext): Promise<{ items: BulkItemOutcome[] }>;
  /** A bulk job after an API restart: reports this job's VMs, builds only the missing items. */
  resumeBulk(req: BulkBuildRequest, ctx: BuildContext): Promise<{ items: BulkItemOutcome[] }>;
  finaliseTemplate(req: FinaliseTemplateRequest, ctx: BuildContext): Promise<FinaliseOutcome>;
  /** A finalise job after an API restart: reconciled with the VM's state in Proxmox. */
  resumeFinalise(
    req: FinaliseTemplateRequest,
    ctx: BuildContext,
    checkpoint?: BuildCheckpoint,
  ): Promise<FinaliseOutcome>;
  catalogue(): Promise<CatalogueVm[]>;
  invalidateIsos(): void;
}

export interface EngineDeps {
  logger?: Logger;
  now?: () => number;
  /** Tuning (tests and bench): ISO cache lifetime, read concurrency, builds per node. */
  isoCacheTtlMs?: number;
  readConcurrency?: number;
  perNodeBuildConcurrency?: number;
  /** Resuming a bulk job: how long to wait for creates in flight, and how often to look. */
  reconcile?: { createWaitMs?: number; pollMs?: number };
}
