import { defineEndpoint, guestScriptListResponseSchema } from '@labforge/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, ApiError } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/**
 * The saved post-deployment scripts. The endpoint belongs to the scripts feature of the API; a
 * build without it answers 404, and the form then leaves the script choice out.
 */
const listScripts = defineEndpoint({
  method: 'GET',
  path: '/api/scripts',
  summary: 'Saved post-deployment scripts',
  tags: ['scripts'],
  access: 'builder',
  responses: { 200: guestScriptListResponseSchema },
});

export function useScripts() {
  return useQuery({
    queryKey: queryKeys.scripts,
    queryFn: async ({ signal }) => {
      try {
        return (await apiRequest(listScripts, { signal })).scripts;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    retry: false,
  });
}
