import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Short polling keeps states current (a VM stopped inside the guest, a build finishing). */
export const MY_VMS_POLL_MS = 3000;

export const myVmsQueryOptions = queryOptions({
  queryKey: queryKeys.myVms,
  queryFn: ({ signal }) => apiRequest(endpoints.listMyVms, { signal }),
  refetchInterval: MY_VMS_POLL_MS,
});

export function useMyVms() {
  return useQuery(myVmsQueryOptions);
}
