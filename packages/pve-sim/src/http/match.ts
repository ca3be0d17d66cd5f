import type { ApiRoute } from './route.js';

export type RouteMatch =
  { kind: 'match'; route: ApiRoute; pathParams: Record<string, string> } | { kind: 'none' };

/** Each route template's segments, split once (matching runs on every request). */
const segmentsOf = new Map<string, string[]>();

function templateSegments(template: string): string[] {
  let t = segmentsOf.get(template);
  if (!t) segmentsOf.set(template, (t = template.split('/').filter(Boolean)));
  return t;
}

function matchTemplate(template: string, p: readonly string[]): Record<string, string> | undefined {
  const t = templateSegments(template);
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
  const p = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pathParams = matchTemplate(route.path, p);
    if (pathParams) return { kind: 'match', route, pathParams };
  }
  return { kind: 'none' };
}
