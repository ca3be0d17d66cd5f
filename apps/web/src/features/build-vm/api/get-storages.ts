import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function storagesQueryOptions(node: string) {
  return queryOptions({
    queryKey: queryKeys.vmBuilder.storages(node),
    queryFn: ({ signal }) => apiRequest(endpoints.listStorages, { query: { node }, signal }),
  });
}

export function useStorages(node: string | undefined) {
  return useQuery({ ...storagesQueryOptions(node ?? ''), enabled: Boolean(node) });
}
