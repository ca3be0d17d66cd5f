import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { nodeIsosQueryOptions, useIsosPerNode } from '../api/get-isos.js';
import { nodesQueryOptions, useNodes } from '../api/get-nodes.js';
import { buildIsoCatalogue } from '../utils/iso-catalogue.js';

/**
 * Nodes first, then every node's ISOs in parallel, merged as each answer arrives. The merge is
 * cheap (a few hundred ISOs at most), so it simply runs on every render.
 */
export function useIsoCatalogue() {
  const nodesQuery = useNodes();
  const nodes = useMemo(() => nodesQuery.data?.nodes ?? [], [nodesQuery.data]);
  const results = useIsosPerNode(nodes);
  const catalogue = buildIsoCatalogue(
    nodes.map((node, i) => {
      const result = results[i];
      return {
        node,
        data: result?.data,
        error: result?.error,
        pending: result ? result.isPending : true,
      };
    }),
  );
  return { nodesQuery, catalogue };
}

/**
 * Starts reading the nodes and each node's ISOs as soon as the page that opens the form is
 * shown, so opening "Build from Scratch" does not begin a chain of dependent requests (nodes,
 * then each node's storages, then their contents). Answers land in the same query cache the
 * form reads; within the 15 s stale time nothing is asked twice.
 */
export function usePrefetchIsoCatalogue(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    queryClient
      .fetchQuery(nodesQueryOptions)
      .then(({ nodes }) => {
        for (const n of nodes) {
          if (n.status !== 'offline') void queryClient.prefetchQuery(nodeIsosQueryOptions(n.node));
        }
      })
      // The form shows any error itself when it opens; a failed prefetch only costs the head start.
      .catch(() => undefined);
  }, [queryClient]);
}
