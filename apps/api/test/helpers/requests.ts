import { buildPath, type Endpoint } from '@labforge/contracts';

/** A well-formed-looking URL for an endpoint: path parameters filled with unknown ids. */
export function urlFor(endpoint: Endpoint, id = 'does-not-exist'): string {
  return buildPath(
    endpoint.path,
    Object.fromEntries([...endpoint.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => [m[1]!, id])),
  );
}
