import { z } from 'zod';
import type { BuildRequest, BulkBuildRequest } from './build-request.js';
import {
  bulkResultSchema,
  buildResultSchema,
  type BuildResult,
  type BulkResult,
} from './build-result.js';
import {
  finaliseResultSchema,
  type FinaliseResult,
  type FinaliseTemplateRequest,
} from './catalogue.js';
import {
  scriptRunJobResultSchema,
  type ScriptLanguage,
  type ScriptRunJobResult,
} from './guest-scripts.js';
import { deployResultSchema, type DeployJobRequest, type DeployResult } from './class-deploy.js';
import { isoAddResultSchema, type IsoAddResult, type IsoDownloadRequest } from './iso-library.js';

export const JOB_KINDS = [
  'build',
  'bulk',
  'finalise',
  'iso-download',
  'run-script',
  'deploy',
] as const;
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const STEP_STATES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;

export const jobStepSchema = z
  .object({
    name: z.string(),
    /** Set on a bulk job's per-VM steps: the VM's name (the SPA shows one row per VM). */
    item: z.string().optional(),
    label: z.string(),
    status: z.enum(STEP_STATES),
    started_at: z.string().optional(),
    finished_at: z.string().optional(),
    detail: z.string().optional(),
    upid: z.string().optional(),
  })
  .meta({ id: 'JobStep' });
export type JobStep = z.infer<typeof jobStepSchema>;

export const jobErrorSchema = z
  .object({
    message: z.string(),
    step: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'JobError' });

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    status: z.enum(JOB_STATES),
    cluster_id: z.string(),
    created_by: z.string(),
    created_at: z.string(),
    started_at: z.string().optional(),
    finished_at: z.string().optional(),
    /** The validated request, as the server understood it. */
    request: z.record(z.string(), z.unknown()),
    steps: z.array(jobStepSchema),
    warnings: z.array(z.string()),
    result: z
      .union([
        buildResultSchema,
        bulkResultSchema,
        finaliseResultSchema,
        isoAddResultSchema,
        scriptRunJobResultSchema,
        deployResultSchema,
      ])
      .optional(),
    error: jobErrorSchema.optional(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;
export type JobKind = Job['kind'];

/** What each kind of job was asked (the request without transport fields) and answers. */
export interface JobTypes {
  build: { request: Omit<BuildRequest, 'async' | 'cluster_id'>; result: BuildResult };
  bulk: { request: Omit<BulkBuildRequest, 'async' | 'cluster_id'>; result: BulkResult };
  finalise: {
    request: Omit<FinaliseTemplateRequest, 'async' | 'cluster_id'>;
    result: FinaliseResult;
  };
  /** `purpose: 'virtio'` marks the admin's fetch of the pinned virtio-win ISO. */
  'iso-download': {
    request: Omit<IsoDownloadRequest, 'async' | 'cluster_id'> & { purpose?: 'virtio' };
    result: IsoAddResult;
  };
  /**
   * One saved script on existing VMs. The script is copied into the job when it is asked for
   * (a later edit does not change a run under way, nor one resumed after a restart).
   */
  'run-script': {
    request: {
      script: {
        id: string;
        name: string;
        language: ScriptLanguage;
        body: string;
        timeout_s: number;
      };
      vmids: number[];
      start_if_stopped: boolean;
    };
    result: ScriptRunJobResult;
  };
  /** A class cloned from a template; the script is the snapshot the API resolved. */
  deploy: { request: DeployJobRequest; result: DeployResult };
}

/** A job with its request and result typed by its kind (the server's view of `Job`). */
export type TypedJob = {
  [K in JobKind]: Omit<Job, 'kind' | 'request' | 'result'> & {
    kind: K;
    request: JobTypes[K]['request'];
    result?: JobTypes[K]['result'];
  };
}[JobKind];

export const jobResponseSchema = z
  .object({ ok: z.literal(true), job: jobSchema })
  .meta({ id: 'JobResponse' });

export const jobAcceptedSchema = z
  .object({
    ok: z.literal(true),
    job_id: z.string(),
    status: z.enum(JOB_STATES),
    status_url: z.string(),
    events_url: z.string(),
  })
  .meta({ id: 'JobAccepted' });
export type JobAccepted = z.infer<typeof jobAcceptedSchema>;

export const jobListQuerySchema = z.strictObject({
  page: z.coerce
    .number({ error: 'page must be an integer from 1' })
    .int()
    .min(1, 'page must be an integer from 1')
    .default(1),
  page_size: z.coerce
    .number({ error: 'page_size must be an integer between 1 and 100' })
    .int('page_size must be an integer between 1 and 100')
    .min(1, 'page_size must be an integer between 1 and 100')
    .max(100, 'page_size must be an integer between 1 and 100')
    .default(20),
  status: z
    .enum(JOB_STATES, { error: `status must be one of ${JOB_STATES.join(', ')}` })
    .optional(),
  user: z.string().max(64, 'user must be at most 64 characters').optional(),
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

export const jobListResponseSchema = z
  .object({
    ok: z.literal(true),
    jobs: z.array(jobSchema),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  })
  .meta({ id: 'JobList' });

/**
 * Server-Sent Events of a job. The SSE `id` is `seq`, so a reconnect with Last-Event-ID resumes
 * after it; `event` is the type below; `data` is this object as JSON.
 */
export const JOB_EVENT_TYPES = ['step', 'log', 'progress', 'warning', 'done'] as const;
export const jobEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.enum(JOB_EVENT_TYPES),
    at: z.string(),
    step: z.string().optional(),
    /** The bulk item (VM name) a step, log or progress event belongs to. */
    item: z.string().optional(),
    status: z.string().optional(),
    message: z.string().optional(),
    /** 0..1 for steps that can measure progress (driver downloads, bulk items). */
    fraction: z.number().min(0).max(1).optional(),
    /** Transfers (ISO downloads): bytes so far, the total when known, the latest speed. */
    bytes: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    bytes_per_second: z.number().nonnegative().optional(),
    job: jobSchema.optional(),
  })
  .meta({ id: 'JobEvent' });
export type JobEvent = z.infer<typeof jobEventSchema>;
