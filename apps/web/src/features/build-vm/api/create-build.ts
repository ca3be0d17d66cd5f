import { endpoints, type BuildRequestInput, type BulkBuildRequestInput } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export type BuildSubmission =
  { kind: 'single'; body: BuildRequestInput } | { kind: 'bulk'; body: BulkBuildRequestInput };

/** Starts a build (or a bulk build) as a background job and resolves with its id. */
export async function createBuild(submission: BuildSubmission): Promise<string> {
  const answer =
    submission.kind === 'single'
      ? await apiRequest(endpoints.buildVm, { body: submission.body })
      : await apiRequest(endpoints.buildBulk, { body: submission.body });
  return answer.job_id;
}

export function useCreateBuild() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBuild,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all }),
  });
}
