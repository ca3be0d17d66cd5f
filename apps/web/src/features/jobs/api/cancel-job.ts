import { endpoints } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useCancelJob(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(endpoints.cancelJob, { params: { id } }),
    onSuccess: (answer) => queryClient.setQueryData(queryKeys.jobs.detail(id), answer),
  });
}
