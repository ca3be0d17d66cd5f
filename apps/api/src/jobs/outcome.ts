import type { Job } from '@labforge/contracts';
import type { BuildOutcome, BulkItemOutcome, FinaliseOutcome } from '../engine/port.js';
import { isBuilderError } from '../engine/port.js';
import type { StoredJob } from './store.js';

/** Turns an engine outcome into the contract's result for the job's kind. */
export function toResult(
  job: StoredJob,
  value: unknown,
): { result: Record<string, unknown>; ok: boolean; warnings: string[] } {
  const base = { job_id: job.id, cluster_id: job.cluster_id };
  if (job.kind === 'build') {
    const o = value as BuildOutcome;
    const warnings = [...job.warnings, ...o.warnings.filter((w) => !job.warnings.includes(w))];
    return {
      ok: true,
      warnings: o.warnings,
      result: {
        ok: true,
        ...base,
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
      },
    };
  }
  if (job.kind === 'bulk') {
    const items = (value as { items: BulkItemOutcome[] }).items;
    const succeeded = items.filter((i) => i.ok).length;
    return {
      ok: succeeded === items.length,
      warnings: [],
      result: {
        ok: succeeded === items.length,
        ...base,
        succeeded,
        failed: items.length - succeeded,
        items,
      },
    };
  }
  const f = value as FinaliseOutcome;
  return {
    ok: true,
    warnings: f.warnings,
    result: {
      ok: true,
      job_id: job.id,
      vmid: f.vmid,
      node: f.node,
      template: true,
      ejected: f.ejected,
      warnings: f.warnings,
    },
  };
}

/** What a failed job records: the engine's message and step, PVE's text for PVE errors. */
export function describeFailure(error: unknown): {
  error: NonNullable<Job['error']>;
  known: boolean;
} {
  if (isBuilderError(error)) {
    return {
      known: true,
      error: {
        message: error.message,
        ...(error.step ? { step: error.step } : {}),
        details: { ...(error.details ?? {}), http_status: error.status },
      },
    };
  }
  if (error instanceof Error && error.name.startsWith('Pve')) {
    return {
      known: true,
      error: { message: `Proxmox error: ${error.message}`, details: { http_status: 502 } },
    };
  }
  return { known: false, error: { message: 'internal error while running the job' } };
}
