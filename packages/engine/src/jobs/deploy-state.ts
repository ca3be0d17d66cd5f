import type { DeployItemResult, DeployJobRequest } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import type { DeployPlan, TemplateFacts } from '../placement/deploy-plan.js';
import type { StepRunner } from '../steps/step-runner.js';
import type { BuildContext } from '../types.js';
import type { KeyedLimiter } from '../util/concurrency.js';

/** How a deployment bounds and retries its clones (tests and the bench shorten the waits). */
export interface DeployTuning {
  /** Clones running at once per target node (default 3). */
  perNode?: number;
  /** Clones running at once per storage their disks go to (default 2): more only wait on its lock. */
  perStorage?: number;
  /** Retries of a clone that met a Proxmox lock timeout (default 4). */
  lockRetries?: number;
  /** First retry pause (default 1000 ms), doubled each time, with jitter (50-100 %). */
  retryBaseMs?: number;
  /** After a restart: how long to wait for clones still running (default 120 s), how often to look. */
  cloneWaitMs?: number;
  pollMs?: number;
}

/** Where each VM of the class is, as the job's checkpoint records it (per index). */
export type ItemPhase = 'reserved' | 'cloning' | 'cloned' | 'tagged' | 'started' | 'done';
export interface ItemCheckpoint {
  vmid?: number;
  node?: string;
  upid?: string;
  phase: ItemPhase;
  /** Set when the item settled (its script's output left out: checkpoints stay small). */
  outcome?: DeployItemResult;
}

/** The one checkpoint of a deploy job: every item's state, emitted whole on each change. */
export class DeployBook {
  readonly items: Record<string, ItemCheckpoint>;

  constructor(
    private readonly run: StepRunner,
    initial: Record<string, ItemCheckpoint> = {},
    readonly clone: string = '',
  ) {
    this.items = { ...initial };
  }

  set(index: number, state: ItemCheckpoint): void {
    this.items[String(index)] = state;
    this.run.checkpoint({ step: 'deploy', clone: this.clone, items: { ...this.items } });
  }

  get(index: number): ItemCheckpoint | undefined {
    return this.items[String(index)];
  }
}

/** Reads the items of a deploy checkpoint back (after a restart). */
export function bookFrom(
  checkpoint: { [k: string]: unknown } | undefined,
): Record<string, ItemCheckpoint> {
  const raw = checkpoint?.items;
  if (!raw || typeof raw !== 'object') return {};
  return raw as Record<string, ItemCheckpoint>;
}

/** What every item of one deployment shares. */
export interface DeployShared {
  env: EngineEnv;
  ctx: BuildContext;
  req: DeployJobRequest;
  template: TemplateFacts;
  plan: Pick<DeployPlan, 'clone'>;
  book: DeployBook;
  limits: { nodes: KeyedLimiter; storages: KeyedLimiter };
  tuning: Required<Pick<DeployTuning, 'lockRetries' | 'retryBaseMs' | 'cloneWaitMs' | 'pollMs'>>;
  deployedAt: string;
}

export interface DeployOutcome {
  template_vmid: number;
  class_name: string;
  clone: 'linked' | 'full';
  items: DeployItemResult[];
  warnings: string[];
}
