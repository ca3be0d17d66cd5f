import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Simulator } from '../simulator.js';
import { isRoot } from '../state/permissions.js';
import { identityName, type Identity } from '../state/types.js';
import { delayUnlessGone, goneSignal } from './client-gone.js';
import { dropConnection } from './drop.js';
import { PveError, die, notImplemented, paramError } from './errors.js';
import { executionSite } from './execution.js';
import { type Intercept, planFaults } from './fault-plan.js';
import { DROPPED, parseRequest, prepareCall } from './prepare.js';
import { sendData, sendError, toPveError } from './reply.js';
import type { ApiRoute } from './route.js';
import { checkWebsocketHeaders, isUpgrade } from './upgrade.js';
import { validateRequest } from './validate.js';

export function createDispatcher(sim: () => Simulator, routes: ApiRoute[]) {
  return async function dispatch(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = sim();
    const urlPath = req.url.split('?')[0] ?? '';
    const m = /^\/api2\/json(\/.*)?$/.exec(urlPath);
    const apiPath = (m?.[1] ?? '/').replace(/\/+$/, '') || '/';
    const parsed = parseRequest(req, apiPath);
    let identity: Identity | undefined;
    const record = (status: number, dropped = false): void => {
      s.journal.add({
        time: s.now(),
        method: req.method,
        path: parsed.path,
        params: parsed.params,
        encoding: parsed.encoding,
        identity: identity ? identityName(identity) : null,
        status,
        ...(dropped ? { dropped: true } : {}),
      });
    };
    const plan = planFaults(s, s.faults.match(req.method, parsed.path), parsed.path);
    if (plan.intercept) {
      if (await delayUnlessGone(plan.beforeMs, reply)) return;
      return void (await intercept(plan.intercept, req, reply, record));
    }
    // Injected latency stands for the handling time: it runs on the executing node's worker
    // when the call gets that far, else (auth, permission, 501) before the error answer.
    let pendingMs = plan.beforeMs;
    let answer: { data: unknown; total?: number } | PveError;
    try {
      if (!m) throw notImplemented('no such uri');
      const prepared = await prepareCall(s, req, parsed, routes, (id) => (identity = id));
      if (prepared === DROPPED) {
        record(0);
        reply.hijack();
        req.raw.socket.destroy();
        return;
      }
      const { found, ctx } = prepared;
      // pveproxy closes the connection after an upload.
      if (ctx.upload) reply.header('connection', 'close');
      if (plan.injectedTaskError !== undefined) ctx.injectedTaskError = plan.injectedTaskError;
      // Permissions are checked on the entry node, before PVE forwards the call anywhere.
      if (found.route.check && !isRoot(ctx.id)) found.route.check(ctx);
      if (found.route.proxy) checkNode(s, found.pathParams.node ?? '');
      const site = executionSite(found.route, found.pathParams, s.entryNode);
      if (site.proxied && (await delayUnlessGone(s.proxyHopMs, reply))) return;
      const gone = goneSignal(reply);
      const release = await s.workers.acquire(site.node, site.daemon, gone.signal);
      gone.done();
      if (!release) return; // the client gave up while the call was queued
      try {
        const ms = pendingMs;
        pendingMs = 0;
        if (await delayUnlessGone(ms, reply)) return;
        const v = validateRequest(found.route, ctx.params, parsed.encoding);
        if (!v.ok) throw paramError(v.errors);
        ctx.params = v.params;
        const data: unknown = await found.route.handler(ctx);
        // pveproxy answers 101 only once the handler said yes; the route then owns the socket.
        if (found.route.websocket && req.method === 'GET' && isUpgrade(req.raw)) {
          checkWebsocketHeaders(req.raw);
          record(101);
          reply.hijack();
          found.route.websocket(ctx, req.raw);
          return;
        }
        answer = ctx.total === undefined ? { data } : { data, total: ctx.total };
      } finally {
        release();
      }
    } catch (err) {
      answer = toPveError(err);
      if (await delayUnlessGone(pendingMs, reply)) return;
      if (answer.status === 401) await new Promise((r) => setTimeout(r, s.scaled(3000)));
    }
    const status = answer instanceof PveError ? answer.status : 200;
    record(status, plan.dropAfter !== false);
    if (await delayUnlessGone(plan.afterMs, reply)) return;
    if (plan.dropAfter) return dropConnection(req, reply, plan.dropAfter === 'reset');
    if (answer instanceof PveError) return void (await sendError(reply, answer));
    await sendData(reply, answer.data, answer.total === undefined ? {} : { total: answer.total });
  };
}

/** A `status` or `drop` fault answers instead of PVE; nothing is handled. */
async function intercept(
  effect: Intercept,
  req: FastifyRequest,
  reply: FastifyReply,
  record: (status: number) => void,
): Promise<void> {
  if (effect.type === 'drop') {
    record(0);
    return dropConnection(req, reply, effect.reset === true);
  }
  record(effect.status);
  reply.code(effect.status);
  reply.raw.statusMessage = effect.reason ?? 'Simulated fault';
  if (effect.body === undefined) return void (await reply.send());
  await reply
    .header('content-type', 'application/json;charset=UTF-8')
    .send(JSON.stringify(effect.body));
}

/** proxyto node: unknown names fail the DNS lookup, offline members time out as 595. */
function checkNode(s: Simulator, node: string): void {
  const n = s.state.nodes.get(node);
  if (!n)
    throw die(
      `hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known\n`,
    );
  if (!n.online) throw new PveError(595, 'No route to host', undefined, true);
}
