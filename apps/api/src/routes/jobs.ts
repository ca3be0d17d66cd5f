import { endpoints } from '@labforge/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { lastEventId, streamJobEvents } from '../jobs/sse.js';
import { publicJob, type StoredJob } from '../jobs/store.js';
import { currentUser, stillAuthorised } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';

/** Admins see every job; teachers only their own (others' look like they do not exist). */
export function visibleJob(req: FastifyRequest, ctx: AppContext, id: string): StoredJob {
  const user = currentUser(req);
  const job = ctx.jobs.get(id);
  if (!job || (user.role !== 'admin' && job.created_by !== user.username)) {
    throw new ApiError(404, `job not found: ${id}`);
  }
  return job;
}

export function jobRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listJobs, async (req) => {
    const user = currentUser(req);
    const { page, page_size, status, user: who } = req.query;
    const filterUser = user.role === 'admin' ? who : user.username;
    const { jobs, total } = ctx.jobs.list({
      page,
      pageSize: page_size,
      ...(status ? { status } : {}),
      ...(filterUser !== undefined ? { user: filterUser } : {}),
    });
    return { ok: true as const, jobs: jobs.map(publicJob), total, page, page_size };
  });

  defineRoute(app, endpoints.getJob, async (req) => ({
    ok: true as const,
    job: publicJob(visibleJob(req, ctx, req.params.id)),
  }));

  defineRoute(app, endpoints.jobEvents, async (req, reply) => {
    const job = visibleJob(req, ctx, req.params.id);
    const auth = req.auth!;
    streamJobEvents(
      req,
      reply,
      { store: ctx.jobs, runner: ctx.runner, authorised: () => stillAuthorised(ctx, auth) },
      job.id,
      lastEventId(req),
    );
    return reply;
  });

  defineRoute(app, endpoints.cancelJob, async (req) => {
    const job = visibleJob(req, ctx, req.params.id);
    const after = await ctx.runner.cancel(job.id, currentUser(req).username);
    return { ok: true as const, job: publicJob(after) };
  });
}
