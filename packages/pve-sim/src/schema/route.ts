import type { MethodDefinition } from './types.js';

export type RouteMatch =
  | { kind: 'match'; definition: MethodDefinition; pathParams: Record<string, string> }
  | { kind: 'no-path' }
  | { kind: 'no-method' };

const segments = (path: string): string[] => path.split('/').filter((s) => s !== '');

/** Matches one template; returns its parameters and how many static segments matched. */
function matchTemplate(
  template: string,
  parts: string[],
): { params: Record<string, string>; score: number } | undefined {
  const tpl = segments(template);
  if (tpl.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < tpl.length; i++) {
    const t = tpl[i] as string;
    const p = parts[i] as string;
    const m = /^\{(.+)\}$/.exec(t);
    if (m) {
      let value = p;
      try {
        value = decodeURIComponent(p);
      } catch {
        return undefined;
      }
      // RESTHandler matches `{name}` components against \S+.
      if (/\s/.test(value)) return undefined;
      params[m[1] as string] = value;
    } else if (t === p) {
      score++;
    } else {
      return undefined;
    }
  }
  return { params, score };
}

/**
 * Finds the handler like PVE's RESTHandler::find_handler: empty path components are ignored,
 * static components win over `{param}` ones. A path that exists for other methods is 'no-method'
 * (PVE answers both with 501 "Method 'GET /x' not implemented").
 */
export function matchRoute(api: MethodDefinition[], method: string, path: string): RouteMatch {
  const parts = segments(path.split('?')[0] ?? '');
  let best: { def: MethodDefinition; params: Record<string, string>; score: number } | undefined;
  let pathSeen = false;
  let bestAnyScore = -1;
  for (const def of api) {
    const m = matchTemplate(def.path, parts);
    if (!m) continue;
    pathSeen = true;
    bestAnyScore = Math.max(bestAnyScore, m.score);
    if (def.method !== method.toUpperCase()) continue;
    if (!best || m.score > best.score) best = { def, params: m.params, score: m.score };
  }
  // A more specific static path for another method shadows a parameterized match for this one.
  if (best && best.score >= bestAnyScore)
    return { kind: 'match', definition: best.def, pathParams: best.params };
  return pathSeen ? { kind: 'no-method' } : { kind: 'no-path' };
}
