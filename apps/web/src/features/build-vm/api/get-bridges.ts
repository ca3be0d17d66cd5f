import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function bridgesQueryOptions(node: string) {
  return queryOptions({
    queryKey: queryKeys.vmBuilder.bridges(node),
    queryFn: ({ signal }) => apiRequest(endpoints.listBridges, { query: { node }, signal }),
  });
}

export function useBridges(node: string | undefined) {
  return useQuery({ ...bridgesQueryOptions(node ?? ''), enabled: Boolean(node) });
}
