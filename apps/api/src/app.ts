import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AppConfig } from './config/schema.js';
import { ConsoleHub } from './console/hub.js';
import type { AppContext } from './context.js';
import { AuditLog } from './db/audit.js';
import { openDatabase } from './db/database.js';
import { SessionStore } from './db/sessions.js';
import { TemplateCardStore } from './db/template-cards.js';
import { TokenStore } from './db/tokens.js';
import { UserStore } from './db/users.js';
import { VmOwnerStore } from './db/vm-owners.js';
import type { ClusterHandle } from './clusters/handle.js';
import { IsoProvenanceStore } from './db/iso-provenance.js';
import { ScriptStore } from './db/scripts.js';
import { JobRunner } from './jobs/runner.js';
import { openStreams } from './jobs/sse.js';
import { JobStore } from './jobs/store.js';
import { registerAuthentication } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/error-handler.js';
import { registerJsonBody } from './plugins/json-body.js';
import { registerSecurity } from './plugins/external/security.js';
import { registerSpa } from './plugins/external/spa.js';
import { registerSwagger } from './plugins/external/swagger.js';
import { registerNotFound } from './plugins/not-found.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { consoleSocketRoute } from './routes/console-socket.js';
import { isoLibraryRoutes } from './routes/iso-library.js';
import { scriptRoutes } from './routes/scripts.js';
import { jobRoutes } from './routes/jobs.js';
import { systemRoutes } from './routes/system.js';
import { templateCardRoutes } from './routes/template-cards.js';
import { templateRoutes } from './routes/templates.js';
import { recordTemplateMade } from './templates/service.js';
import { classDeployRoutes } from './routes/class-deploy.js';
import { classActionRoutes } from './routes/class-actions.js';
import { vmBuilderRoutes } from './routes/vm-builder.js';
import { vmOwnerRoutes } from './routes/vm-owners.js';
import { vmRoutes } from './routes/vms.js';

export const API_VERSION = '0.1.0';
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface BuildAppOptions {
  config: AppConfig;
  clusters: ReadonlyMap<string, ClusterHandle>;
  logger: Logger;
  /** Resume or settle jobs left unfinished by a previous process (default true). */
  recover?: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The whole application, ready to `listen` or `inject`. Order: external plugins, our plugins,
 * then routes generated from the contracts' descriptors.
 */
export async function buildApp(opts: BuildAppOptions): Promise<BuiltApp> {
  const { config, clusters, logger } = opts;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.body_limit_bytes,
    trustProxy: config.trust_proxy,
    requestIdHeader: false,
    // Reuse a caller's request id when it is well-formed, so logs line up across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs (bad escapes, over-long ids) answer in the contracts' error body too.
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'a path parameter is too long'
          : 'the URL is malformed';
      void reply
        .code(error.statusCode ?? 400)
        .send({ ok: false, error: message, details: { fields: { path: message } } });
    },
  });
  // Validation returns zod's own error, so the error handler can name every offending field.
  app.setValidatorCompiler(({ schema }) => (data) => {
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  });
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body is what a cross-site form could send without a preflight.
  app.removeContentTypeParser('text/plain');
  registerJsonBody(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const db = openDatabase(config.data_dir);
  const jobs = new JobStore(db);
  const audit = new AuditLog(db);
  const defaultClusterId = config.clusters[0]!.id;
  const users = new UserStore(db);
  const vmOwners = new VmOwnerStore(db);
  const isoProvenance = new IsoProvenanceStore(db);
  const templateCards = new TemplateCardStore(db);
  for (const [id, cluster] of clusters) {
    const pin = isoProvenance.pin(id);
    if (pin) cluster.engine.pinVirtio(pin);
  }
  const runner = new JobRunner({
    store: jobs,
    audit,
    clusters,
    limits: new Map(config.clusters.map((c) => [c.id, c.max_concurrent_builds])),
    logger: logger.child({ component: 'jobs' }),
    onVmCreated: (job, vmid) => {
      const owner = users.byUsername(job.created_by);
      if (owner) vmOwners.recordBuilt(job.cluster_id, vmid, owner.id, job.id);
    },
    onTemplateMade: (job, vmid, source) =>
      recordTemplateMade({ templateCards, users }, job, vmid, source),
    onVmGone: (job, vmid) => {
      if (vmOwners.get(job.cluster_id, vmid)?.job_id === job.id)
        vmOwners.release(job.cluster_id, vmid);
    },
    onIsoAdded: (job) => {
      const r = job.result;
      if (!r) return;
      const { checksum, checksum_algorithm } = job.request;
      isoProvenance.record({
        clusterId: job.cluster_id,
        volid: r.volid,
        node: r.shared ? '' : r.node,
        addedBy: job.created_by,
        source: 'download',
        url: job.request.url,
        jobId: job.id,
        ...(checksum ? { checksum, checksumAlgorithm: checksum_algorithm ?? 'sha256' } : {}),
      });
    },
  });
  const ctx: AppContext = {
    config,
    db,
    users,
    sessions: new SessionStore(db, config.session_ttl_hours * 3_600_000),
    tokens: new TokenStore(db),
    vmOwners,
    isoProvenance,
    templateCards,
    scripts: new ScriptStore(db),
    audit,
    jobs,
    runner,
    clusters,
    defaultClusterId,
    consoles: new ConsoleHub(config.console_ticket_ttl_ms),
  };

  await registerSecurity(app, config.session_secret);
  await registerSwagger(app, API_VERSION);
  // The browser sends keys, pointer events and clipboard text: 4 MiB bounds a pasted text.
  // On close, every console ends both its sides with 1001 "going away" (before the server
  // drops the remaining sockets), so browsers show why.
  await app.register(websocket, {
    options: { maxPayload: 4 << 20 },
    preClose: (done) => {
      ctx.consoles.closeAll();
      for (const client of app.websocketServer.clients)
        client.close(1001, 'LabForge is shutting down');
      done();
    },
  });
  const spa = await registerSpa(app, config.web_dist ?? DEFAULT_WEB_DIST);

  registerErrorHandling(app);
  registerNotFound(app, spa);
  registerAuthentication(app, ctx);

  systemRoutes(app, ctx, API_VERSION);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  vmBuilderRoutes(app, ctx);
  jobRoutes(app, ctx);
  templateRoutes(app, ctx);
  templateCardRoutes(app, ctx);
  classDeployRoutes(app, ctx);
  classActionRoutes(app, ctx);
  vmOwnerRoutes(app, ctx);
  vmRoutes(app, ctx);
  consoleSocketRoute(app, ctx);
  isoLibraryRoutes(app, ctx);
  scriptRoutes(app, ctx);

  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...clusters.values()].map((c) => c.close()));
    db.close();
  });

  await app.ready();
  if (opts.recover !== false) {
    const n = runner.recover();
    if (n > 0) logger.info({ jobs: n }, 'reconciled jobs left unfinished by the previous process');
  }
  return { app, ctx };
}
