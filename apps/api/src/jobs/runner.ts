import { EventEmitter, setMaxListeners } from 'node:events';
import type { Job, JobEvent, JobKind, JobTypes } from '@labforge/contracts';
import type { BuildCheckpoint, BuildContext, BuildEvent, JobModule } from '@labforge/engine';
import { newId } from '../auth/secrets.js';
import type { ClusterHandle } from '../clusters/handle.js';
import type { AuditLog } from '../db/audit.js';
import { nowIso } from '../db/database.js';
import { ApiError } from '../http/api-error.js';
import {
  buildResult,
  bulkResult,
  deployResult,
  describeFailure,
  finaliseResult,
  isoAddResult,
  scriptRunResult,
} from './outcome.js';
import { Limiter } from './limiter.js';
import { applyStep, closeSteps, initialSteps } from './steps.js';
import { publicJob, type JobStore, type StoredJob } from './store.js';

/** Concurrent waits on one job's signal: 100 VMs of a bulk or class, a few waits each. */
const JOB_SIGNAL_LISTENERS = 1000;

export interface RunnerLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

interface Active {
  controller: AbortController;
  cancelledBy?: string;
  done: Promise<Settled>;
}
/** How a run ended: the job, and the engine's error when it failed (for the sync answer). */
export interface Settled {
  job: StoredJob;
  error?: unknown;
  /** The server stopped waiting for it (shutdown): the job goes on after the next start. */
  interrupted?: boolean;
}

/** A new job: its kind with that kind's request, the cluster and who asks. */
export type JobSubmission = {
  [K in JobKind]: { kind: K; request: JobTypes[K]['request']; clusterId: string; user: string };
}[JobKind];

export interface RunnerDeps {
  store: JobStore;
  audit: AuditLog;
  clusters: ReadonlyMap<string, ClusterHandle>;
  limits: ReadonlyMap<string, number>;
  logger: RunnerLogger;
  /** A job made (or is about to make) this VMID: its owner is recorded for the ownership rule. */
  onVmCreated?: (job: StoredJob, vmid: number) => void;
  /** A job made a template (built as one, or finalised): its card is recorded. */
  onTemplateMade?: (job: StoredJob, vmid: number, source: 'built' | 'finalised') => void;
  /** A job's VMID turned out unused (a clone that failed and was removed): its record goes. */
  onVmGone?: (job: StoredJob, vmid: number) => void;
  /** An ISO download job succeeded: its provenance is recorded. */
  onIsoAdded?: (job: StoredJob & { kind: 'iso-download' }) => void;
}

/**
 * Runs build, bulk and finalise jobs durably: every transition, event and engine checkpoint is
 * written to SQLite before anyone hears of it, so a restart can resume from the checkpoint.
 */
export class JobRunner {
  private readonly active = new Map<string, Active>();
  private readonly bus = new EventEmitter();
  private readonly limiters = new Map<string, Limiter>();
  /** VMIDs each running deploy job has recorded an owner for (checkpoints repeat them). */
  private readonly recorded = new Map<string, Set<number>>();
  private closing = false;
  private interrupt: () => void = () => undefined;
  private readonly interrupted = new Promise<void>((resolve) => (this.interrupt = resolve));

  constructor(private readonly deps: RunnerDeps) {
    this.bus.setMaxListeners(0);
  }

  submit(input: JobSubmission): StoredJob {
    if (this.closing) throw new ApiError(503, 'The server is shutting down; try again in a moment');
    const { clusterId, user, ...kindAndRequest } = input;
    const job: StoredJob = {
      ...kindAndRequest,
      id: newId(),
      status: 'queued',
      cluster_id: clusterId,
      created_by: user,
      created_at: nowIso(),
      steps: initialSteps(input.kind),
      warnings: [],
    };
    this.deps.store.insert(job);
    this.start(job);
    return job;
  }

  /**
   * Resolves when the job has settled (immediately for a finished job), or, for a job still
   * running when a shutdown's grace period ends, with `interrupted` so that a synchronous caller
   * gets an answer (and the job id) before the server closes instead of a reset connection.
   */
  async wait(id: string): Promise<Settled> {
    const active = this.active.get(id);
    if (active) {
      const interrupted = this.interrupted.then((): Settled => ({
        job: this.deps.store.get(id) as StoredJob,
        interrupted: true,
      }));
      return Promise.race([active.done, interrupted]);
    }
    const job = this.deps.store.get(id);
    if (!job) throw new ApiError(404, `job not found: ${id}`);
    return { job };
  }

  subscribe(id: string, fn: (e: JobEvent) => void): () => void {
    this.bus.on(id, fn);
    return () => this.bus.off(id, fn);
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  async cancel(id: string, actor: string): Promise<StoredJob> {
    const job = this.deps.store.get(id);
    if (!job) throw new ApiError(404, `job not found: ${id}`);
    const active = this.active.get(id);
    if (!active) {
      if (job.status !== 'queued' && job.status !== 'running') {
        throw new ApiError(409, `job ${id} is already ${job.status}`, { status: job.status });
      }
      // Only reachable if a job was left behind; settle it rather than leave it hanging.
      this.finish(job, 'cancelled', { message: `cancelled by ${actor}` });
      return job;
    }
    active.cancelledBy = actor;
    active.controller.abort(new Error(`cancelled by ${actor}`));
    this.deps.audit.record({ actor, action: 'cancel', target: `job ${id}`, outcome: 'ok' });
    // Give the engine time to stop the PVE task and roll back, so the answer shows the end state.
    const timer = new Promise<void>((r) => setTimeout(r, 15_000).unref());
    await Promise.race([active.done, timer]);
    return this.deps.store.get(id) ?? job;
  }

  /** After a restart: resume what was running, start what was queued. Never starts a job twice. */
  recover(): number {
    const jobs = this.deps.store.unfinished();
    for (const job of jobs) {
      if (!this.deps.clusters.has(job.cluster_id)) {
        this.finish(job, 'failed', {
          message: `cluster ${job.cluster_id} is no longer configured`,
        });
      } else if (job.status === 'queued') {
        this.start(job);
      } else {
        // A running job is reconciled with what Proxmox holds, from its last checkpoint: the
        // engine reports what this job already made and does only what is missing.
        this.deps.logger.info(
          { job: job.id, kind: job.kind, checkpoint: job.checkpoint?.step },
          'reconciling job',
        );
        const note =
          job.kind === 'build'
            ? 'The API restarted during this build; resuming it'
            : job.kind === 'run-script'
              ? 'The API restarted during this run; VMs whose run had finished are not run again, and one whose script was being started is reported as unknown rather than run twice'
              : 'The API restarted during this job; reconciling it with Proxmox';
        if (!job.warnings.includes(note)) job.warnings.push(note);
        this.deps.store.save(job);
        this.emit(job, { type: 'warning', message: note });
        this.start(job, job.checkpoint, true);
      }
    }
    return jobs.length;
  }

  /** Stop taking jobs; wait up to `graceMs` for running ones (the rest resume at next start). */
  async shutdown(graceMs: number): Promise<void> {
    this.closing = true;
    const pending = [...this.active.values()].map((a) => a.done);
    if (pending.length > 0) {
      this.deps.logger.info({ running: pending.length, graceMs }, 'waiting for running jobs');
      await Promise.race([
        Promise.allSettled(pending),
        new Promise((r) => setTimeout(r, graceMs).unref()),
      ]);
    }
    this.interrupt();
  }

  private limiter(clusterId: string): Limiter {
    let l = this.limiters.get(clusterId);
    if (!l) {
      l = new Limiter(this.deps.limits.get(clusterId) ?? 4);
      this.limiters.set(clusterId, l);
    }
    return l;
  }

  private start(job: StoredJob, checkpoint?: BuildCheckpoint, reconcile = false): void {
    // Exactly once: a job already running in this process is never started again.
    if (this.active.has(job.id)) return;
    const controller = new AbortController();
    // Every Proxmox wait of the job listens on this signal: a bulk build or a class deploy has
    // dozens at once (each removed when its wait ends), more than Node's default warning at 10.
    setMaxListeners(JOB_SIGNAL_LISTENERS, controller.signal);
    const entry: Active = { controller, done: Promise.resolve({ job }) };
    this.active.set(job.id, entry);
    entry.done = this.run(job, entry, checkpoint, reconcile)
      .catch((error: unknown) => {
        // run() handles its own failures; this only catches a broken database or a bug.
        this.deps.logger.error({ err: error, job: job.id }, 'job runner failure');
        return { job, error };
      })
      .finally(() => this.active.delete(job.id));
  }

  private async run(
    job: StoredJob,
    entry: Active,
    checkpoint: BuildCheckpoint | undefined,
    reconcile: boolean,
  ): Promise<Settled> {
    const cluster = this.deps.clusters.get(job.cluster_id) as ClusterHandle;
    let release: (() => void) | undefined;
    try {
      release = await this.limiter(job.cluster_id).acquire(entry.controller.signal);
    } catch {
      this.finish(job, 'cancelled', {
        message: `cancelled by ${entry.cancelledBy ?? 'the server'}`,
      });
      return { job };
    }
    try {
      job.status = 'running';
      job.started_at ??= nowIso();
      this.deps.store.save(job);
      const ctx: BuildContext = {
        jobId: job.id,
        user: job.created_by,
        signal: entry.controller.signal,
        emit: (e) => this.onEngineEvent(job, e),
      };
      const ok = await this.execute(cluster, job, ctx, checkpoint, reconcile);
      this.finish(
        job,
        ok ? 'succeeded' : 'failed',
        ok
          ? undefined
          : {
              message:
                job.kind === 'run-script'
                  ? 'the script did not succeed on every VM'
                  : job.kind === 'deploy'
                    ? 'some VMs of the class could not be deployed'
                    : 'some VMs failed to build',
            },
      );
      return { job };
    } catch (error) {
      const cancelled = entry.controller.signal.aborted;
      const failure = describeFailure(job, error);
      if (!failure.known)
        this.deps.logger.error({ err: error, job: job.id }, 'job failed unexpectedly');
      this.finish(job, cancelled ? 'cancelled' : 'failed', failure.error);
      return { job, error };
    } finally {
      release();
    }
  }

  /** Runs (or reconciles) the job's kind in the engine and records its result; true = success. */
  private async execute(
    cluster: ClusterHandle,
    job: StoredJob,
    ctx: BuildContext,
    checkpoint: BuildCheckpoint | undefined,
    reconcile: boolean,
  ): Promise<boolean> {
    const { jobs } = cluster.engine;
    const go = <Req, Out>(m: JobModule<Req, Out>, req: Req): Promise<Out> =>
      reconcile ? m.reconcile(req, ctx, checkpoint) : m.run(req, ctx);
    const keep = (warnings: readonly string[]) => {
      for (const w of warnings) if (!job.warnings.includes(w)) job.warnings.push(w);
    };
    switch (job.kind) {
      case 'build': {
        const out = await go(jobs.build, job.request);
        job.result = buildResult(job, out);
        this.deps.onVmCreated?.(job, out.vmid);
        if (job.request.convert_to_template) this.deps.onTemplateMade?.(job, out.vmid, 'built');
        keep(out.warnings);
        return true;
      }
      case 'bulk':
        job.result = bulkResult(job, await go(jobs.bulk, job.request));
        for (const item of job.result.items) {
          if (item.vmid !== undefined) this.deps.onVmCreated?.(job, item.vmid);
          if (item.vmid !== undefined && item.ok && job.request.convert_to_template)
            this.deps.onTemplateMade?.(job, item.vmid, 'built');
        }
        return job.result.ok;
      case 'finalise': {
        const out = await go(jobs.finalise, job.request);
        job.result = finaliseResult(job, out);
        this.deps.onTemplateMade?.(job, out.vmid, 'finalised');
        keep(out.warnings);
        return true;
      }
      case 'iso-download': {
        const out = await go(jobs['iso-download'], job.request);
        keep(out.warnings);
        job.result = isoAddResult(job, out);
        this.deps.onIsoAdded?.(job);
        return true;
      }
      case 'run-script':
        job.result = scriptRunResult(job, await go(jobs['run-script'], job.request));
        return job.result.ok;
      case 'deploy': {
        const out = await go(jobs.deploy, job.request);
        keep(out.warnings);
        job.result = deployResult(job, out);
        const kept = new Set<number>();
        for (const item of job.result.items)
          if (item.vmid !== undefined) {
            kept.add(item.vmid);
            this.deps.onVmCreated?.(job, item.vmid);
          }
        for (const vmid of vmidsOf(job.checkpoint))
          if (!kept.has(vmid)) this.deps.onVmGone?.(job, vmid);
        this.recorded.delete(job.id);
        return job.result.ok;
      }
    }
  }

  private onEngineEvent(job: StoredJob, e: BuildEvent): void {
    if (this.closing && !this.active.has(job.id)) return;
    try {
      switch (e.type) {
        case 'checkpoint':
          job.checkpoint = e.checkpoint;
          this.deps.store.save(job);
          if (job.kind === 'build' && typeof e.checkpoint.vmid === 'number')
            this.deps.onVmCreated?.(job, e.checkpoint.vmid);
          if (job.kind === 'deploy') this.recordDeployed(job);
          return;
        case 'step':
          applyStep(job.steps, e);
          this.deps.store.save(job);
          this.emit(job, {
            type: 'step',
            step: e.step,
            ...(e.item !== undefined ? { item: e.item } : {}),
            status: e.status,
            ...(e.detail ? { message: e.detail } : {}),
          });
          return;
        case 'log':
          this.emit(job, {
            type: 'log',
            step: e.step,
            ...(e.item !== undefined ? { item: e.item } : {}),
            message: e.line,
          });
          return;
        case 'progress':
          this.emit(job, {
            type: 'progress',
            step: e.step,
            ...(e.item !== undefined ? { item: e.item } : {}),
            fraction: Math.min(1, Math.max(0, e.fraction)),
            ...(e.detail ? { message: e.detail } : {}),
            ...(e.bytes !== undefined ? { bytes: e.bytes } : {}),
            ...(e.total !== undefined ? { total: e.total } : {}),
            ...(e.bytesPerSecond !== undefined ? { bytes_per_second: e.bytesPerSecond } : {}),
          });
          return;
        case 'warning':
          if (!job.warnings.includes(e.message)) job.warnings.push(e.message);
          this.deps.store.save(job);
          this.emit(job, { type: 'warning', message: e.message });
          return;
      }
    } catch (err) {
      // An event we cannot store must not kill the build; the final state is still written.
      this.deps.logger.warn({ err, job: job.id }, 'could not record a job event');
    }
  }

  /** A deploy job's VMIDs are recorded as the deployer's as soon as they are reserved. */
  private recordDeployed(job: StoredJob): void {
    let seen = this.recorded.get(job.id);
    if (!seen) this.recorded.set(job.id, (seen = new Set()));
    for (const vmid of vmidsOf(job.checkpoint)) {
      if (seen.has(vmid)) continue;
      seen.add(vmid);
      this.deps.onVmCreated?.(job, vmid);
    }
  }

  private emit(job: StoredJob, e: Omit<JobEvent, 'seq' | 'at'>): void {
    const event = this.deps.store.appendEvent(job.id, e);
    this.bus.emit(job.id, event);
  }

  private finish(
    job: StoredJob,
    status: 'succeeded' | 'failed' | 'cancelled',
    error?: Job['error'],
  ): void {
    job.status = status;
    job.finished_at = nowIso();
    if (error) job.error = error;
    closeSteps(job.steps, status === 'succeeded' ? 'done' : 'failed');
    this.deps.store.save(job);
    this.deps.audit.record({
      actor: job.created_by,
      action: auditAction(job),
      target: auditTarget(job),
      outcome: status === 'succeeded' ? 'ok' : 'error',
      detail:
        status === 'succeeded'
          ? `job ${job.id}`
          : `job ${job.id} ${status}: ${error?.message ?? ''}`,
    });
    this.emit(job, { type: 'done', status, job: publicJob(job) });
  }
}

/** The VMIDs a deploy job's checkpoint names (one per item that reserved one). */
function vmidsOf(checkpoint: BuildCheckpoint | undefined): number[] {
  const items = checkpoint?.items;
  if (!items || typeof items !== 'object') return [];
  return Object.values(items as Record<string, { vmid?: unknown }>).flatMap((i) =>
    typeof i.vmid === 'number' ? [i.vmid] : [],
  );
}

function auditAction(job: StoredJob): string {
  if (job.kind === 'iso-download') return 'iso-download';
  if (job.kind === 'run-script') return 'script-run';
  if (job.kind === 'deploy') return 'deploy-class';
  if (job.kind === 'build') return job.request.convert_to_template ? 'build-template' : 'build';
  return job.kind === 'bulk' ? 'build-bulk' : 'finalise-template';
}

function auditTarget(job: StoredJob): string {
  if (job.kind === 'deploy')
    return `${job.cluster_id}/template ${job.request.template_vmid} (${job.request.class_name})`;
  const what =
    job.kind === 'build'
      ? job.request.vm_name
      : job.kind === 'bulk'
        ? job.request.name_pattern
        : job.kind === 'iso-download'
          ? (job.request.filename ?? job.request.url)
          : job.kind === 'run-script'
            ? `script ${job.request.script.id} on ${job.request.vmids.join(',')}`
            : `vmid ${job.request.vmid}`;
  return `${job.cluster_id}/${what}`;
}
