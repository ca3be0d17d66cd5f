import type { FastifyRequest } from 'fastify';
import { identify } from '../auth/identify.js';
import type { Encoding } from '../control/journal.js';
import type { Simulator } from '../simulator.js';
import type { Identity } from '../state/types.js';
import { authError, notImplemented, paramError } from './errors.js';
import { type RouteMatch, matchRouteTable } from './match.js';
import type { ApiRoute, RouteContext } from './route.js';

const AUTH_EXEMPT = new Set(['GET /access/ticket', 'POST /access/ticket', 'GET /access/domains']);

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
export function prepareCall(
  s: Simulator,
  req: FastifyRequest,
  parsed: Parsed,
  routes: ApiRoute[],
  onIdentity: (id: Identity) => void,
): { found: Extract<RouteMatch, { kind: 'match' }>; ctx: RouteContext } {
  let identity: Identity | undefined;
  if (!AUTH_EXEMPT.has(`${req.method} ${parsed.path}`)) {
    identity = identify(s.state, s.signer, req.headers, s.now());
    onIdentity(identity);
    if (req.method !== 'GET' && identity.viaTicket) {
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
  return { found, ctx };
}
