import { endpoints } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, setCsrfToken } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      apiRequest(endpoints.login, { body: credentials }),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      // Another user's cached data must never show: start from a clean cache.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.session[0] });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}
