import { endpoints, type SessionResponse } from '@labforge/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest, setCsrfToken } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** The signed-in session, or null when nobody is signed in (401). */
export async function getSession(): Promise<SessionResponse | null> {
  try {
    const session = await apiRequest(endpoints.getSession);
    setCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export const sessionQueryOptions = queryOptions({
  queryKey: queryKeys.session,
  queryFn: getSession,
  staleTime: Infinity,
});

export function useSession() {
  return useQuery(sessionQueryOptions);
}
