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

function filenameFrom(disposition: string | undefined, url: string): string | undefined {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (m) return decodeURIComponent(m[1] ?? '');
  const last = new URL(url).pathname.split('/').pop();
  return last ? decodeURIComponent(last) : undefined;
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
  const filename = filenameFrom(res.headers['content-disposition'], res.url);
  if (filename) out.filename = filename;
  const length = res.headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) out.size = Number(length);
  const type = res.headers['content-type'];
  if (type) out.mimetype = type.split(';')[0]?.trim();
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
