import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../lib/query-keys.js';
import { setCsrfToken } from '../lib/api-client.js';
import { createQueryClient } from '../lib/query-client.js';

/** The app's cache: when the API says the session is gone, forget it and show the sign-in page. */
export function createAppQueryClient(): QueryClient {
  const client: QueryClient = createQueryClient(() => {
    setCsrfToken(undefined);
    client.setQueryData(queryKeys.session, null);
  });
  return client;
}
