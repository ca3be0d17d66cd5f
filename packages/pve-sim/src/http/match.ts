import type { ApiRoute } from './route.js';

export type RouteMatch =
  { kind: 'match'; route: ApiRoute; pathParams: Record<string, string> } | { kind: 'none' };

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/').filter(Boolean);
  const p = path.split('/').filter(Boolean);
  if (t.length !== p.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const val = p[i] ?? '';
    if (seg.startsWith('{') && seg.endsWith('}')) out[seg.slice(1, -1)] = decodeURIComponent(val);
    else if (seg !== val) return undefined;
  }
  return out;
}

export function matchRouteTable(routes: ApiRoute[], method: string, path: string): RouteMatch {
  for (const route of routes) {
    if (route.method !== method) continue;
    const pathParams = matchTemplate(route.path, path);
    if (pathParams) return { kind: 'match', route, pathParams };
  }
  return { kind: 'none' };
}
