import { PveError, die } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, str } from '../../http/route.js';
import { httpFetch, socketReason } from '../../net/http-get.js';
import type { Simulator } from '../../simulator.js';
import { effectivePrivileges } from '../../state/permissions.js';
import type { Identity } from '../../state/types.js';

/** Sys.Audit + Sys.Modify on / OR Sys.AccessNetwork on /nodes/{node}; else a bare 403. */
export function requireNetworkAccess(s: Simulator, id: Identity, node: string): void {
  const root = effectivePrivileges(s.state, id, '/');
  if (root.has('Sys.Audit') && root.has('Sys.Modify')) return;
  if (effectivePrivileges(s.state, id, `/nodes/${node}`).has('Sys.AccessNetwork')) return;
  throw new PveError(403, 'Permission check failed\n');
}

/**
 * pve-manager's query_url_metadata: `filename="..."` or `filename=...` of Content-Disposition,
 * else the last path segment of the URL as given (not the redirect target), both undecoded.
 */
function filenameFrom(disposition: string | undefined, url: string): string | undefined {
  const m =
    /filename="([^"]*)"/.exec(disposition ?? '') ?? /filename=([^;]*)/.exec(disposition ?? '');
  if (m) return m[1];
  return /^[^?]+\/([^?/]*)(?:\?.*)?$/.exec(url)?.[1];
}

async function queryUrlMetadata(ctx: RouteContext): Promise<unknown> {
  const url = str(ctx.params.url) ?? '';
  const verify = bool(ctx.params['verify-certificates']) ?? true;
  let res;
  try {
    res = await httpFetch(url, { method: 'HEAD', verifyCertificates: verify });
  } catch (err) {
    const host = (() => {
      try {
        return new URL(url).host;
      } catch {
        return url;
      }
    })();
    throw die(`invalid server response: '500 Can't connect to ${host} (${socketReason(err)})'\n`);
  }
  res.body.resume();
  if (res.status !== 200) throw die(`invalid server response: '${res.status} ${res.statusText}'\n`);
  const out: Record<string, unknown> = {};
  const filename = filenameFrom(res.headers['content-disposition'], url);
  if (filename) out.filename = filename;
  // `$size + 0 if $size`: a zero or missing Content-Length leaves `size` out.
  const length = Number.parseInt(res.headers['content-length'] ?? '', 10);
  if (length > 0) out.size = length;
  const type = res.headers['content-type'];
  if (type) out.mimetype = /^([^;]+);/.exec(type)?.[1] ?? type;
  return out;
}

export const queryUrlRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/query-url-metadata',
    proxy: true,
    check: (ctx) => requireNetworkAccess(ctx.sim, ctx.id, str(ctx.params.node) ?? ''),
    handler: queryUrlMetadata,
  },
];
