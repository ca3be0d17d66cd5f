import { endpoints } from '@labforge/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useIsoLibrary() {
  return useQuery({
    queryKey: queryKeys.isoLibrary,
    queryFn: ({ signal }) => apiRequest(endpoints.getIsoLibrary, { signal }),
  });
}

/** After an ISO was added or removed: the library and the build form's ISO lists read afresh. */
export function useRefreshIsos() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.isoLibrary });
    void queryClient.invalidateQueries({ queryKey: queryKeys.vmBuilder.allIsos });
    void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all });
  }, [queryClient]);
}
