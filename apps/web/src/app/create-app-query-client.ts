import type { QueryClient } from '@tanstack/react-query';
import { sessionQueryKey } from '../features/auth/api/get-session.js';
import { setCsrfToken } from '../lib/api-client.js';
import { createQueryClient } from '../lib/query-client.js';

/** The app's cache: when the API says the session is gone, forget it and show the sign-in page. */
export function createAppQueryClient(): QueryClient {
  const client: QueryClient = createQueryClient(() => {
    setCsrfToken(undefined);
    client.setQueryData(sessionQueryKey, null);
  });
  return client;
}
