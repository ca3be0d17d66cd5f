import { endpoints } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { jobQueryKey } from './get-job.js';

export function useCancelJob(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(endpoints.cancelJob, { params: { id } }),
    onSuccess: (answer) => queryClient.setQueryData(jobQueryKey(id), answer),
  });
}
