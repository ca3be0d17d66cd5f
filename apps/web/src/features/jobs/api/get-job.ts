import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function jobQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.jobs.detail(id),
    queryFn: ({ signal }) => apiRequest(endpoints.getJob, { params: { id }, signal }),
    // The event stream keeps it fresh; polling is only the fallback if the stream drops.
    refetchInterval: (query) => {
      const status = query.state.data?.job.status;
      return status === 'queued' || status === 'running' ? 10_000 : false;
    },
  });
}

export function useJob(id: string) {
  return useQuery(jobQueryOptions(id));
}
