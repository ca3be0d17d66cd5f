import { X509Certificate } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { generate } from 'selfsigned';
import { registerControl } from './control/routes.js';
import { createDispatcher } from './http/dispatch.js';
import { PveError } from './http/errors.js';
import { sendError } from './http/reply.js';
import { routeUpgrades } from './http/upgrade.js';
import { type WorkerLimits, checkWorkerLimits, workerLimits } from './http/workers.js';
import { apiRoutes } from './routes/api2/index.js';
import { type SeedSource, resolveSeed } from './seeds/load.js';
import { Simulator } from './simulator.js';
import { type SimClock, createClock } from './state/clock.js';

export interface BuildOptions {
  seed?: SeedSource;
  /** Serve HTTPS with a self-signed certificate generated now. */
  https?: boolean;
  /** Real ms a vncproxy task waits for its WebSocket (default 10000, as PVE; not scaled). */
  vncTimeoutMs?: number;
  /** Divides task durations and PVE's 3 s delay on failed logins (default 1 = realistic). */
  taskSpeed?: number;
  /** Multiplies the durations of one task type, e.g. { qmcreate: 5 } (on top of taskSpeed). */
  taskDurations?: Record<string, number>;
  clock?: SimClock;
  logger?: boolean;
  /**
   * API workers per node, as PVE's pveproxy and pvedaemon (3 each in PVE): a number sets both.
   * Calls beyond the limit queue FIFO. Default 0 = unbounded (what the test suites use).
   */
  workers?: number | Partial<WorkerLimits>;
  /** Real ms added to a call the entry node forwards to another node (default 0). */
  proxyHopMs?: number;
}

export interface BuiltSimulator {
  app: FastifyInstance;
  sim: Simulator;
  /** SHA-256 of the certificate, colon-separated uppercase hex (as PVE shows it). */
  fingerprint?: string;
}

async function selfSignedCert(): Promise<{ key: string; cert: string; fingerprint: string }> {
  const pems = await generate([{ name: 'commonName', value: 'pve1.classroom.lan' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const fingerprint = new X509Certificate(pems.cert).fingerprint256;
  return { key: pems.private, cert: pems.cert, fingerprint };
}

/** Repeated keys become arrays (PVE joins them with NUL before validation). */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function buildSimulator(opts: BuildOptions = {}): Promise<BuiltSimulator> {
  const workers = checkWorkerLimits(workerLimits(opts.workers));
  const proxyHopMs = opts.proxyHopMs ?? 0;
  if (!Number.isFinite(proxyHopMs) || proxyHopMs < 0)
    throw new Error('proxyHopMs must be a non-negative number');
  const tls = opts.https ? await selfSignedCert() : undefined;
  const sim = new Simulator({
    workers,
    proxyHopMs,
    seed: resolveSeed(opts.seed),
    clock: opts.clock ?? createClock(),
    taskSpeed: opts.taskSpeed ?? 1,
    ...(opts.taskDurations ? { taskDurations: opts.taskDurations } : {}),
    ...(tls ? { fingerprint: tls.fingerprint, certPem: tls.cert } : {}),
    ...(opts.vncTimeoutMs !== undefined ? { vncTimeoutMs: opts.vncTimeoutMs } : {}),
  });
  const app = Fastify({
    logger: opts.logger ?? false,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    bodyLimit: 16 * 1024 * 1024,
    exposeHeadRoutes: false,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new PveError(400, 'malformed JSON string\n'), undefined);
    }
  });
  // Multipart bodies stay unread here: the upload route streams them (http/upload-body.ts).
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null, undefined));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) =>
    done(null, parseForm(String(body))),
  );
  app.setErrorHandler((err, _req, reply) => {
    const e = err as { statusCode?: number; message?: string };
    const status = err instanceof PveError ? err.status : (e.statusCode ?? 500);
    const message = String(e.message ?? 'internal error').replace(/\n$/, '');
    return sendError(reply, new PveError(status, `${message}\n`));
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, new PveError(501, 'no such uri\n')));
  const dispatch = createDispatcher(() => sim, apiRoutes);
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'],
    url: '/api2/*',
    handler: dispatch,
  });
  routeUpgrades(app);
  registerControl(app, sim);
  return { app, sim, ...(tls ? { fingerprint: tls.fingerprint } : {}) };
}
