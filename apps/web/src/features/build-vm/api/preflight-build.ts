import { endpoints, type BuildRequestInput } from '@labforge/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

/** The dry run: where the VM would go and what would stop it, without touching the cluster. */
export function usePreflightBuild() {
  return useMutation({
    mutationFn: (body: BuildRequestInput) => {
      const { async: _async, ...rest } = body;
      return apiRequest(endpoints.preflightBuild, { body: rest });
    },
  });
}
