import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { identify } from '../auth/identify.js';
import type { Encoding } from '../control/journal.js';
import type { Simulator } from '../simulator.js';
import { isRoot, requirePrivs } from '../state/permissions.js';
import { identityName, type Identity } from '../state/types.js';
import { PveError, authError, die, notImplemented, paramError } from './errors.js';
import { matchRouteTable } from './match.js';
import { sendData, sendError, toPveError } from './reply.js';
import type { ApiRoute, RouteContext } from './route.js';
import { type ReceivedUpload, receiveUpload } from './upload-body.js';
import { checkWebsocketHeaders, isUpgrade } from './upgrade.js';
import { validateRequest } from './validate.js';

/** pve-manager PVE/HTTPServer.pm's auth_handler recognises uploads by this path. */
const UPLOAD_PATH = /^\/nodes\/([^/]+)\/storage\/([^/]+)\/upload$/;

const AUTH_EXEMPT = new Set(['GET /access/ticket', 'POST /access/ticket', 'GET /access/domains']);

interface Parsed {
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
}

function parseRequest(req: FastifyRequest, apiPath: string): Parsed {
  const [, query = ''] = req.url.split('?', 2);
  const params: Record<string, unknown> = {};
  const body = req.body;
  const isJson = (req.headers['content-type'] ?? '').includes('json');
  if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(params, body);
  // Query parameters are merged in and win over body ones (PVE's handle_api2_request).
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  delete params._dc;
  const encoding: Encoding =
    req.method === 'GET' || req.method === 'DELETE'
      ? 'query'
      : isJson && body !== undefined
        ? 'json'
        : 'form';
  return { path: apiPath, params, encoding };
}

export function createDispatcher(sim: () => Simulator, routes: ApiRoute[]) {
  return async function dispatch(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = sim();
    const urlPath = req.url.split('?')[0] ?? '';
    const m = /^\/api2\/json(\/.*)?$/.exec(urlPath);
    const apiPath = (m?.[1] ?? '/').replace(/\/+$/, '') || '/';
    const parsed = parseRequest(req, apiPath);
    let identity: Identity | undefined;
    const record = (status: number): void => {
      s.journal.add({
        time: s.now(),
        method: req.method,
        path: parsed.path,
        params: parsed.params,
        encoding: parsed.encoding,
        identity: identity ? identityName(identity) : null,
        status,
      });
    };
    let injectedTaskError: string | undefined;
    for (const rule of s.faults.match(req.method, parsed.path)) {
      const e = rule.effect;
      if (e.type === 'delay') {
        if (await delayUnlessGone(e.ms, reply)) return;
      } else if (e.type === 'task-error') injectedTaskError = e.message;
      else if (e.type === 'node-offline') {
        const node = e.node ?? rule.node ?? /^\/nodes\/([^/]+)/.exec(parsed.path)?.[1];
        const n = node ? s.state.nodes.get(node) : undefined;
        if (n) n.online = false;
      } else if (e.type === 'storage-full') {
        for (const pool of s.state.pools.values()) {
          if (pool.storage !== e.storage) continue;
          if (e.node && pool.key.includes('/') && pool.key !== `${e.storage}/${e.node}`) continue;
          pool.used = pool.total;
        }
      } else if (e.type === 'storage-lock') {
        // Someone else (another node, a slow lvcreate) holds the storage lock for `ms` simulated ms.
        const def = s.state.storages.get(e.storage);
        const node = e.node ?? rule.node ?? /^\/nodes\/([^/]+)/.exec(parsed.path)?.[1] ?? '';
        if (def) s.storageLocks.holdFor(def, node, s.scaled(e.ms));
      } else if (e.type === 'drop') {
        record(0);
        reply.hijack();
        req.raw.socket.destroy();
        return;
      } else {
        record(e.status);
        const reason = e.reason ?? 'Simulated fault';
        reply.code(e.status);
        reply.raw.statusMessage = reason;
        if (e.body === undefined) return void (await reply.send());
        return void (await reply
          .header('content-type', 'application/json;charset=UTF-8')
          .send(JSON.stringify(e.body)));
      }
    }
    try {
      if (!m) throw notImplemented('no such uri');
      const key = `${req.method} ${parsed.path}`;
      const uploadTo = req.method === 'POST' ? UPLOAD_PATH.exec(parsed.path) : null;
      if (!AUTH_EXEMPT.has(key)) {
        identity = identify(s.state, s.signer, req.headers, s.now());
        // Uploads are permission-checked before the body is read (and skip the CSRF check,
        // as browsers' native forms cannot send the header); like every auth_handler
        // failure the refusal is delayed by 3 s.
        if (uploadTo && !isRoot(identity)) {
          try {
            requirePrivs(s.state, identity, `/storage/${uploadTo[2]}`, [
              'Datastore.AllocateTemplate',
            ]);
          } catch (err) {
            await new Promise((r) => setTimeout(r, s.scaled(3000)));
            throw err;
          }
        }
        if (req.method !== 'GET' && identity.viaTicket && !uploadTo) {
          const csrf = req.headers.csrfpreventiontoken;
          if (typeof csrf !== 'string' || !s.signer.verifyCsrf(csrf, identity.userid))
            throw authError('Permission denied - invalid csrf token');
        }
      }
      const length = Number(req.headers['content-length'] ?? 0);
      if (
        req.method !== 'POST' &&
        req.method !== 'PUT' &&
        (length > 0 || req.headers['transfer-encoding'])
      )
        throw notImplemented(`Unexpected content for method '${req.method}'`);
      const contentType = req.headers['content-type'] ?? '';
      const multipart = /^multipart\/form-data/i.test(contentType);
      let upload: ReceivedUpload | undefined;
      if (uploadTo && length > 0) {
        // pveproxy dies outside any eval here, so the client gets no response at all.
        const boundary = /;\s*boundary\s*=\s*(\S+?)\s*(?:[;,]|$)/i.exec(contentType);
        if (!multipart || !boundary || 'tmpfilename' in parsed.params) {
          record(0);
          reply.hijack();
          req.raw.socket.destroy();
          return;
        }
        reply.header('connection', 'close');
        const tmpfilename = `/var/tmp/pveupload-${randomBytes(16).toString('hex')}`;
        upload = await receiveUpload(req.raw, tmpfilename, parsed.params);
        // Multipart fields overwrite query parameters of the same name (upload_state params).
        Object.assign(parsed.params, upload.params, { tmpfilename });
      } else if (multipart && length > 0) {
        req.raw.resume();
        throw new PveError(506, `upload 'Content-Type '${contentType}' not implemented\n`);
      }
      const found = matchRouteTable(routes, req.method, parsed.path);
      if (found.kind === 'none') {
        if (req.method === 'HEAD') throw notImplemented("method 'HEAD' not available");
        throw notImplemented(`Method '${req.method} ${parsed.path}' not implemented`);
      }
      const conflicts: Record<string, string> = {};
      for (const [k, v] of Object.entries(found.pathParams))
        if (k in parsed.params && String(parsed.params[k]) !== v)
          conflicts[k] = 'duplicate parameter (already defined in URI) with conflicting values!';
      if (Object.keys(conflicts).length > 0) throw paramError(conflicts);
      const ctx: RouteContext = {
        sim: s,
        id: identity ?? { userid: '', viaTicket: false },
        params: { ...parsed.params, ...found.pathParams },
        encoding: parsed.encoding,
      };
      if (injectedTaskError !== undefined) ctx.injectedTaskError = injectedTaskError;
      if (upload) ctx.upload = upload;
      if (found.route.check && !isRoot(ctx.id)) found.route.check(ctx);
      if (found.route.proxy) checkNode(s, found.pathParams.node ?? '');
      const v = validateRequest(found.route, ctx.params, parsed.encoding);
      if (!v.ok) throw paramError(v.errors);
      ctx.params = v.params;
      const data: unknown = await found.route.handler(ctx);
      if (found.route.websocket && req.method === 'GET' && isUpgrade(req.raw)) {
        checkWebsocketHeaders(req.raw);
        record(101);
        reply.hijack();
        found.route.websocket(ctx, req.raw);
        return;
      }
      record(200);
      await sendData(reply, data, ctx.total === undefined ? {} : { total: ctx.total });
    } catch (err) {
      const pe = toPveError(err);
      if (pe.status === 401) await new Promise((r) => setTimeout(r, s.scaled(3000)));
      record(pe.status);
      await sendError(reply, pe);
    }
  };
}

/** Waits; true when the client went away meanwhile (long delays must not pin closed sockets). */
function delayUnlessGone(ms: number, reply: FastifyReply): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      reply.raw.off('close', onClose);
      resolve(false);
    }, ms);
    reply.raw.once('close', onClose);
  });
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
