import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

export const catalogueQueryOptions = queryOptions({
  queryKey: ['catalogue'],
  queryFn: ({ signal }) => apiRequest(endpoints.listCatalogue, { signal }),
});

export function useCatalogue() {
  return useQuery(catalogueQueryOptions);
}
