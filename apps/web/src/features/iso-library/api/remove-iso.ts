import { endpoints } from '@labforge/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { useRefreshIsos } from './get-library.js';

export function useRemoveIso() {
  const refresh = useRefreshIsos();
  return useMutation({
    mutationFn: (iso: { storage: string; name: string; node?: string }) =>
      apiRequest(endpoints.removeIso, {
        params: { storage: iso.storage, name: iso.name },
        ...(iso.node ? { query: { node: iso.node } } : {}),
      }),
    onSettled: refresh,
  });
}
