import { endpoints, type ClusterNode } from '@labforge/contracts';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function nodeIsosQueryOptions(node: string) {
  return queryOptions({
    queryKey: queryKeys.vmBuilder.isos(node),
    queryFn: ({ signal }) => apiRequest(endpoints.listIsos, { query: { node }, signal }),
    // A node that is down should say so quickly rather than retry behind a spinner.
    retry: false,
  });
}

/**
 * One request per node, all in parallel, so each node's ISOs show as soon as they arrive and
 * a slow or offline node never holds up the others. Nodes the cluster already reports offline
 * are not asked at all.
 */
export function useIsosPerNode(nodes: readonly ClusterNode[]) {
  return useQueries({
    queries: nodes.map((node) => ({
      ...nodeIsosQueryOptions(node.node),
      enabled: node.status !== 'offline',
    })),
  });
}
