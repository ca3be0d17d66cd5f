import { endpoints } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const recentJobsQueryOptions = queryOptions({
  queryKey: queryKeys.jobs.recent,
  queryFn: ({ signal }) =>
    apiRequest(endpoints.listJobs, { query: { page: 1, page_size: 10 }, signal }),
  refetchInterval: (query) =>
    query.state.data?.jobs.some((j) => j.status === 'queued' || j.status === 'running')
      ? 5_000
      : false,
});

export function useRecentJobs() {
  return useQuery(recentJobsQueryOptions);
}
