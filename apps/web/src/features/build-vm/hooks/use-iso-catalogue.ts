import { useMemo } from 'react';
import { useIsosPerNode } from '../api/get-isos.js';
import { useNodes } from '../api/get-nodes.js';
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
