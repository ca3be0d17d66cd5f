import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from '@labforge/engine';
import { ApiError } from '../http/api-error.js';
import type { Settled } from '../jobs/runner.js';
import type { StoredJob } from '../jobs/store.js';

/** `"async": true` in the body or RFC 7240's `Prefer: respond-async`. */
export function wantsAsync(req: FastifyRequest, flag: boolean | undefined): boolean {
  const prefer = req.headers.prefer;
  return (
    flag === true ||
    (typeof prefer === 'string' && /(^|[,;\s])respond-async([,;\s]|$)/i.test(prefer))
  );
}

export function statusUrl(id: string): string {
  return `/api/vm-builder/jobs/${encodeURIComponent(id)}`;
}

/** 202 with where to follow the job. */
export function accepted(reply: FastifyReply, job: StoredJob) {
  const url = statusUrl(job.id);
  return reply
    .code(202)
    .header('location', url)
    .header('preference-applied', 'respond-async')
    .send({
      ok: true as const,
      job_id: job.id,
      status: job.status,
      status_url: url,
      events_url: `${url}/events`,
    });
}

/** The error a synchronous caller gets for a job that did not succeed, with the job id. */
export function failure(settled: Settled): ApiError {
  const { job, error } = settled;
  if (settled.interrupted) {
    // The server is stopping; the job is durable and carries on after the restart. The caller
    // learns where to follow it instead of retrying (which would build a second VM).
    return new ApiError(
      503,
      'LabForge is restarting; this job was not finished and carries on after the restart: follow it at status_url instead of sending the request again',
      { job_id: job.id, status_url: statusUrl(job.id), events_url: `${statusUrl(job.id)}/events` },
    );
  }
  const base = { job_id: job.id, ...(job.error?.step ? { step: job.error.step } : {}) };
  if (job.status === 'cancelled')
    return new ApiError(409, job.error?.message ?? 'the job was cancelled', base);
  const { status, body } = toErrorBody(error, { clusterId: job.cluster_id, jobId: job.id });
  return new ApiError(status, body.error, { ...(body.details ?? {}), ...base });
}
