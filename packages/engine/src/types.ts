import type {
  Bridge,
  BuildRequest,
  BulkBuildRequest,
  CatalogueVm,
  ClusterNode,
  DeployJobRequest,
  FinaliseTemplateRequest,
  Iso,
  JobTypes,
  NodeScan,
  OsTypeInfo,
  Placement,
  PreflightResponse,
  ResourcePool,
  StepName,
  Storage,
} from '@labforge/contracts';
import type { PveClient, SshExecutor } from '@labforge/pve-client';
import type { BootKeySchedule, VmOperations } from './vms/types.js';
import type { TemplateFacts } from './templates/facts.js';
import type { TemplateNotesInput, TemplateNotesOutcome } from './templates/mirror.js';
import type { IsoLibraryView } from './library/library.js';
import type { IsoRemoveInput, IsoRemoveOutcome } from './library/remove.js';
import type { IsoAddOutcome } from './library/transfer.js';
import type { IsoUploadInput } from './library/upload.js';
import type { RunScriptOutcome } from './jobs/run-script.js';
import type { DeployOutcome, DeployTuning } from './jobs/deploy-state.js';
import type { DeployCheck } from './jobs/deploy-run.js';

/** One configured cluster, built by the API from its config. */
export interface ClusterRuntime {
  id: string;
  name: string;
  /** The cluster's Proxmox client: the engine's only way to Proxmox. */
  client: PveClient;
  /** Proxmox web UI base, e.g. https://pve1.example:8006 (console links). */
  webUiUrl: string;
  virtio: { url: string; sha256?: string; filename?: string };
  defaults: { storage?: string; bridge: string };
  /** Only when SSH is configured for this cluster. */
  ssh?: (node: string) => SshExecutor;
  /**
   * Proxmox reads in flight per node (default 3, PVE's API workers per daemon) and over the
   * cluster (default 64, a safety cap).
   */
  reads?: { perNode?: number; total?: number };
  /** Post-deployment scripts: how long to wait for a VM's guest agent (default 5 minutes). */
  scripts?: { agentWaitMs?: number };
}

export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';

/** What the engine reports while it works; `item` is the bulk item (VM name) it concerns. */
export type BuildEvent =
  | {
      type: 'step';
      step: StepName;
      item?: string;
      status: StepStatus;
      detail?: string;
      upid?: string;
    }
  | { type: 'log'; step: StepName; item?: string; line: string }
  | {
      type: 'progress';
      step: StepName;
      item?: string;
      fraction: number;
      detail?: string;
      /** Transfers: bytes so far, the total when known, the latest speed. */
      bytes?: number;
      total?: number;
      bytesPerSecond?: number;
    }
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

export interface BulkOutcome {
  items: BulkItemOutcome[];
}

/**
 * One kind of job: `run` does it from the start; `reconcile` picks the same job up after an API
 * restart, from its last checkpoint and what Proxmox holds (never a second VM for one item).
 */
export interface JobModule<Request, Outcome> {
  run(req: Request, ctx: BuildContext): Promise<Outcome>;
  reconcile(req: Request, ctx: BuildContext, checkpoint?: BuildCheckpoint): Promise<Outcome>;
}

export interface EngineJobs {
  build: JobModule<BuildRequest, BuildOutcome>;
  bulk: JobModule<BulkBuildRequest, BulkOutcome>;
  finalise: JobModule<FinaliseTemplateRequest, FinaliseOutcome>;
  'iso-download': JobModule<JobTypes['iso-download']['request'], IsoAddOutcome>;
  'run-script': JobModule<JobTypes['run-script']['request'], RunScriptOutcome>;
  deploy: JobModule<DeployJobRequest, DeployOutcome>;
}

export interface BuilderEngine {
  listIsos(q: { node?: string; refresh?: boolean }): Promise<IsoListing>;
  listStorages(q: { node?: string }): Promise<Storage[]>;
  listNodes(): Promise<ClusterNode[]>;
  listBridges(node: string): Promise<Bridge[]>;
  /** Resource pools for the deploy form; `complete` false when PVE may have left some out. */
  listPools(): Promise<{ pools: ResourcePool[]; complete: boolean }>;
  osTypes(): OsTypeInfo[];
  /** The dry run: the same plan a build makes, described instead of executed. */
  preflight(req: BuildRequest): Promise<Omit<PreflightResponse, 'ok'>>;
  /** Build, bulk build and finalise-as-template, each with `run` and `reconcile`. */
  jobs: EngineJobs;
  catalogue(): Promise<CatalogueVm[]>;
  invalidateIsos(): void;
  /** Deploying a class: the refusals up front, and what the form offers for a template. */
  deploy: {
    check(req: DeployJobRequest): Promise<DeployCheck>;
    options(templateVmid: number): Promise<DeployCheck>;
  };
  /** Operating existing VMs (power, console, eject, delete); the API checks ownership first. */
  vms: VmOperations;
  /** Templates for their cards (the API decides who sees which). */
  templates: {
    /** Facts of these templates; VMIDs that are not (or no longer) templates are left out. */
    facts(vmids: readonly number[]): Promise<TemplateFacts[]>;
    /** Writes the card's notes and tags into the template's description and tags. */
    writeNotes(vmid: number, input: TemplateNotesInput): Promise<TemplateNotesOutcome>;
  };
  /** The ISO library: every ISO with the VMs using it, targets, virtio per node. */
  isoLibrary(q?: { refresh?: boolean }): Promise<IsoLibraryView>;
  /** A streamed upload into the library (every check before the first byte goes out). */
  uploadIso(p: IsoUploadInput): Promise<IsoAddOutcome>;
  /** Removes an ISO no VM or template references, once `p.authorise` let it. */
  removeIso(p: IsoRemoveInput): Promise<IsoRemoveOutcome>;
  /** An admin's pin of the virtio-win ISO (undefined: back to the configured source). */
  pinVirtio(pin: { url: string; sha256: string } | undefined): { filename: string };
  /** The virtio-win source downloads use now (the pin, else the config). */
  virtioSource(): { url: string; sha256?: string; filename: string; pinned: boolean };
}

export interface EngineDeps {
  logger?: Logger;
  now?: () => number;
  /** Tuning (tests and bench): ISO cache lifetime, builds per node. Read bounds: `ClusterRuntime.reads`. */
  isoCacheTtlMs?: number;
  perNodeBuildConcurrency?: number;
  /**
   * How long a task's node may stay unreachable before the build stops waiting, reports it and
   * settles with what exists (default 2 minutes).
   */
  nodeUnreachableMs?: number;
  /** Reconciling a bulk job: how long to wait for creates in flight, and how often to look. */
  reconcile?: { createWaitMs?: number; pollMs?: number };
  /** Deploying a class: clones per node and per storage, lock-timeout retries, restart waits. */
  deploy?: DeployTuning;
  /** When "start and boot from the ISO" presses Enter (default: 8 presses, 1 s apart). */
  bootKeys?: BootKeySchedule;
}
