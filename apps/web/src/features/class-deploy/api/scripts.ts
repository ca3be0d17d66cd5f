import { endpoints } from '@labforge/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/**
 * The saved post-deployment scripts the deploy form offers. Same key and same answer as the
 * Scripts page's list (one cache entry: a script saved there shows here at once).
 */
export function useScripts() {
  return useQuery({
    queryKey: queryKeys.scripts,
    queryFn: ({ signal }) => apiRequest(endpoints.listScripts, { signal }),
    select: (answer) => answer.scripts,
  });
}
