import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

export const nodesQueryOptions = queryOptions({
  queryKey: ['vm-builder', 'nodes'],
  queryFn: ({ signal }) => apiRequest(endpoints.listNodes, { signal }),
});

export function useNodes() {
  return useQuery(nodesQueryOptions);
}
