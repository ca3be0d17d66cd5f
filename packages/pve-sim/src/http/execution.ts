import type { ApiRoute } from './route.js';
import { definitionFor } from './validate.js';
import type { Daemon } from './workers.js';

export interface ExecutionSite {
  /** The node whose worker runs the handler. */
  node: string;
  daemon: Daemon;
  /** True when the entry node forwards the call to another node's pveproxy (one more hop). */
  proxied: boolean;
}

/**
 * Where PVE runs a call (pve-manager PVE/HTTPServer.pm rest_handler): a `proxyto: node` call for
 * another node is forwarded to that node's pveproxy; there (or on the entry node) a `protected`
 * call is forwarded to the local pvedaemon, anything else runs in the pveproxy worker itself.
 */
export function executionSite(
  route: ApiRoute,
  pathParams: Record<string, string>,
  entryNode: string,
): ExecutionSite {
  const def = definitionFor(route);
  const proxyto = def ? def.proxyto === 'node' : route.proxy === true;
  const node = proxyto ? (pathParams.node ?? entryNode) : entryNode;
  return {
    node,
    daemon: def?.protected ? 'pvedaemon' : 'pveproxy',
    proxied: node !== entryNode,
  };
}
