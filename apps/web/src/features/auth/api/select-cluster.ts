import { endpoints } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, setCsrfToken } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useSelectCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clusterId: string) =>
      apiRequest(endpoints.selectCluster, { body: { cluster_id: clusterId } }),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      // Everything else belongs to the previous cluster.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.session[0] });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}
