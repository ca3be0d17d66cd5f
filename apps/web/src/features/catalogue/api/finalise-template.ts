import { endpoints } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export interface FinaliseInput {
  vmid: number;
  node: string;
  eject_media: boolean;
}

/** Starts turning a hand-installed VM into a template; resolves with the job id. */
export function useFinaliseTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: FinaliseInput) => {
      const answer = await apiRequest(endpoints.finaliseTemplate, {
        body: { ...input, async: true },
      });
      return answer.job_id;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.catalogue });
      void queryClient.invalidateQueries({ queryKey: queryKeys.templates.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all });
    },
  });
}
