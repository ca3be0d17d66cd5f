import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const osTypesQueryOptions = queryOptions({
  queryKey: queryKeys.vmBuilder.osTypes,
  queryFn: ({ signal }) => apiRequest(endpoints.listOsTypes, { signal }),
  staleTime: Infinity,
});

export function useOsTypes() {
  return useQuery(osTypesQueryOptions);
}
