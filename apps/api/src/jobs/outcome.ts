import type {
  BuildResult,
  BulkResult,
  DeployResult,
  FinaliseResult,
  IsoAddResult,
  Job,
  ScriptRunJobResult,
} from '@labforge/contracts';
import {
  toErrorBody,
  type BuildOutcome,
  type BulkOutcome,
  type DeployOutcome,
  type FinaliseOutcome,
  type IsoAddOutcome,
  type RunScriptOutcome,
} from '@labforge/engine';
import type { StoredJob } from './store.js';

type Base = { id: string; cluster_id: string; warnings: string[] };

/** A build's outcome as the contract's result; the job's own warnings come first. */
export function buildResult(job: Base, o: BuildOutcome): BuildResult {
  const warnings = [...job.warnings, ...o.warnings.filter((w) => !job.warnings.includes(w))];
  return {
    ok: true,
    job_id: job.id,
    cluster_id: job.cluster_id,
    vmid: o.vmid,
    node: o.node,
    name: o.name,
    template: o.template,
    status: 'stopped',
    iso_file: o.iso_file,
    ...(o.virtio_iso_file ? { virtio_iso_file: o.virtio_iso_file } : {}),
    storage: o.storage,
    warnings,
    placement: o.placement,
    console_url: o.console_url,
    next_steps: o.next_steps,
  };
}

/** A bulk job succeeds only when every VM was built; the result lists each VM either way. */
export function bulkResult(job: Base, o: BulkOutcome): BulkResult {
  const succeeded = o.items.filter((i) => i.ok).length;
  return {
    ok: succeeded === o.items.length,
    job_id: job.id,
    cluster_id: job.cluster_id,
    succeeded,
    failed: o.items.length - succeeded,
    items: o.items,
  };
}

/** A class succeeds only when every VM was deployed; the result lists each VM either way. */
export function deployResult(job: Base, o: DeployOutcome): DeployResult {
  const count = (s: string) => o.items.filter((i) => i.status === s).length;
  const warnings = [...job.warnings, ...o.warnings.filter((w) => !job.warnings.includes(w))];
  return {
    ok: count('ok') === o.items.length,
    job_id: job.id,
    cluster_id: job.cluster_id,
    template_vmid: o.template_vmid,
    class_name: o.class_name,
    clone: o.clone,
    succeeded: count('ok'),
    failed: count('failed'),
    skipped: count('skipped'),
    items: o.items,
    warnings,
  };
}

export function finaliseResult(job: Base, f: FinaliseOutcome): FinaliseResult {
  return {
    ok: true,
    job_id: job.id,
    vmid: f.vmid,
    node: f.node,
    template: true,
    ejected: f.ejected,
    warnings: f.warnings,
  };
}

export function isoAddResult(job: Base, o: IsoAddOutcome): IsoAddResult {
  const warnings = [...job.warnings, ...o.warnings.filter((w) => !job.warnings.includes(w))];
  return { ok: true, job_id: job.id, ...o, warnings };
}

/** A run-script job succeeds only when every VM's script exited 0; each VM's run is listed. */
export function scriptRunResult(
  job: Base & { request: { script: { id: string; name: string } } },
  o: RunScriptOutcome,
): ScriptRunJobResult {
  const succeeded = o.items.filter((i) => i.result.status === 'ok').length;
  return {
    ok: succeeded === o.items.length,
    job_id: job.id,
    cluster_id: job.cluster_id,
    script_id: job.request.script.id,
    script_name: job.request.script.name,
    succeeded,
    failed: o.items.length - succeeded,
    items: o.items,
  };
}

/** What a failed job records: the same message, step and details the API would answer with. */
export function describeFailure(
  job: StoredJob,
  error: unknown,
): { error: NonNullable<Job['error']>; known: boolean } {
  const { status, body, step, known } = toErrorBody(error, { clusterId: job.cluster_id });
  if (!known) return { known, error: { message: 'internal error while running the job' } };
  const { step: _s, ...details } = body.details ?? {};
  return {
    known,
    error: {
      message: body.error,
      ...(step ? { step } : {}),
      details: { ...details, http_status: status },
    },
  };
}
