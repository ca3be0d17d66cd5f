import { endpoints, type DeployClassRequestInput } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Starts the deployment as a job (always async: the job page follows it). */
export function useDeployClass(clusterId: string, vmid: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeployClassRequestInput) =>
      apiRequest(endpoints.deployClass, {
        params: { cluster_id: clusterId, vmid },
        body: { ...body, async: true },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myVms });
    },
  });
}
