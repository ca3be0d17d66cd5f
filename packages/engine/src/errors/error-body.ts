import type { ErrorBody } from '@labforge/contracts';
import { PveError } from '@labforge/pve-client';
import { BuilderError } from './builder-error.js';

export interface ErrorContext {
  /** The cluster the failing operation talked to (named in Proxmox failures). */
  clusterId?: string | undefined;
  /** The job that failed (named in internal errors and in the details). */
  jobId?: string | undefined;
  /** The HTTP request that failed (named in internal errors). */
  requestId?: string | undefined;
}

export interface DescribedError {
  status: number;
  body: ErrorBody;
  /** The step that failed, when the engine knows it. */
  step?: string;
  /** False for anything but a BuilderError or a Proxmox client error: log it, show nothing. */
  known: boolean;
}

/**
 * Any error as the contracts' error body: a BuilderError keeps its status, message, step and
 * details; a Proxmox client error (already redacted) is a 502 naming the cluster; anything else
 * is a 500 whose text reveals nothing. The API's error handler, the synchronous build answer and
 * the stored job all use this, so one failure reads the same everywhere.
 */
export function toErrorBody(err: unknown, ctx: ErrorContext = {}): DescribedError {
  const where = ctx.jobId ? { job_id: ctx.jobId } : {};
  if (err instanceof BuilderError) {
    const details: Record<string, unknown> = {
      ...(err.details ?? {}),
      ...(err.step ? { step: err.step } : {}),
      ...where,
    };
    let message = err.message;
    // Proxmox failing to answer: say which cluster, so multi-cluster admins know where to look.
    if ((err.status === 502 || err.status === 504) && ctx.clusterId) {
      details.cluster_id = ctx.clusterId;
      if (!message.includes(ctx.clusterId))
        message = `Proxmox cluster '${ctx.clusterId}': ${message}`;
    }
    return {
      status: err.status,
      body: { ok: false, error: message, ...(Object.keys(details).length > 0 ? { details } : {}) },
      ...(err.step ? { step: err.step } : {}),
      known: true,
    };
  }
  if (err instanceof PveError) {
    const cluster = ctx.clusterId ?? 'unknown';
    return {
      status: 502,
      body: {
        ok: false,
        error: `Proxmox cluster '${cluster}' failed: ${err.message}`,
        details: { cluster_id: cluster, ...where },
      },
      known: true,
    };
  }
  const what = ctx.jobId
    ? `internal error while running job ${ctx.jobId}`
    : ctx.requestId
      ? `internal error (request ${ctx.requestId})`
      : 'internal error';
  return {
    status: 500,
    body: {
      ok: false,
      error: what,
      ...(ctx.jobId
        ? { details: { ...where, ...(ctx.clusterId ? { cluster_id: ctx.clusterId } : {}) } }
        : {}),
    },
    known: false,
  };
}
