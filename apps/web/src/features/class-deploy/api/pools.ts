import { endpoints } from '@labforge/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** The cluster's Proxmox resource pools; `complete` false: Proxmox may have hidden some. */
export function usePools(clusterId: string) {
  return useQuery({
    queryKey: queryKeys.vmBuilder.pools(clusterId),
    queryFn: ({ signal }) =>
      apiRequest(endpoints.listPools, { query: { cluster_id: clusterId }, signal }),
    retry: false,
  });
}
