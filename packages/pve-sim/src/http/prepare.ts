import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { identify } from '../auth/identify.js';
import type { Encoding } from '../control/journal.js';
import type { Simulator } from '../simulator.js';
import { isRoot, requirePrivs } from '../state/permissions.js';
import type { Identity } from '../state/types.js';
import { authError, notImplemented, paramError, PveError } from './errors.js';
import { type RouteMatch, matchRouteTable } from './match.js';
import type { ApiRoute, RouteContext } from './route.js';
import { type ReceivedUpload, receiveUpload } from './upload-body.js';

const AUTH_EXEMPT = new Set(['GET /access/ticket', 'POST /access/ticket', 'GET /access/domains']);
/** pve-manager PVE/HTTPServer.pm's auth_handler recognises uploads by this path. */
const UPLOAD_PATH = /^\/nodes\/([^/]+)\/storage\/([^/]+)\/upload$/;

/** pveproxy dies outside any eval for this request: the client gets no answer at all. */
export const DROPPED = Symbol('dropped');

export interface Parsed {
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
}

export function parseRequest(req: FastifyRequest, apiPath: string): Parsed {
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

/**
 * What pveproxy does before a call runs anywhere: authentication, CSRF, the body rules, finding
 * the handler and the URI-vs-parameter check. `onIdentity` learns who called as soon as known.
 */
export async function prepareCall(
  s: Simulator,
  req: FastifyRequest,
  parsed: Parsed,
  routes: ApiRoute[],
  onIdentity: (id: Identity) => void,
): Promise<{ found: Extract<RouteMatch, { kind: 'match' }>; ctx: RouteContext } | typeof DROPPED> {
  let identity: Identity | undefined;
  const uploadTo = req.method === 'POST' ? UPLOAD_PATH.exec(parsed.path) : null;
  if (!AUTH_EXEMPT.has(`${req.method} ${parsed.path}`)) {
    identity = identify(s.state, s.signer, req.headers, s.now());
    onIdentity(identity);
    // Uploads are permission-checked before the body is read (and skip the CSRF check, as
    // browsers' native forms cannot send the header); like every auth_handler failure the
    // refusal is delayed by 3 s.
    if (uploadTo && !isRoot(identity)) {
      try {
        requirePrivs(s.state, identity, `/storage/${uploadTo[2]}`, ['Datastore.AllocateTemplate']);
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
    const boundary = /;\s*boundary\s*=\s*(\S+?)\s*(?:[;,]|$)/i.exec(contentType);
    if (!multipart || !boundary || 'tmpfilename' in parsed.params) return DROPPED;
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
  if (upload) ctx.upload = upload;
  return { found, ctx };
}
