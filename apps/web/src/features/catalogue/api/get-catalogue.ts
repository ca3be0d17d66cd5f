import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const catalogueQueryOptions = queryOptions({
  queryKey: queryKeys.catalogue,
  queryFn: ({ signal }) => apiRequest(endpoints.listCatalogue, { signal }),
});

export function useCatalogue() {
  return useQuery(catalogueQueryOptions);
}
