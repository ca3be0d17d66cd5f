import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const nodesQueryOptions = queryOptions({
  queryKey: queryKeys.vmBuilder.nodes,
  queryFn: ({ signal }) => apiRequest(endpoints.listNodes, { signal }),
});

export function useNodes() {
  return useQuery(nodesQueryOptions);
}
