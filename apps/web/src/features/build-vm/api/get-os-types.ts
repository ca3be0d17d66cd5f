import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

export const osTypesQueryOptions = queryOptions({
  queryKey: ['vm-builder', 'os-types'],
  queryFn: ({ signal }) => apiRequest(endpoints.listOsTypes, { signal }),
  staleTime: Infinity,
});

export function useOsTypes() {
  return useQuery(osTypesQueryOptions);
}
