import { endpoints } from '@labforge/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

export function useCancelDownload() {
  return useMutation({
    mutationFn: (jobId: string) => apiRequest(endpoints.cancelJob, { params: { id: jobId } }),
  });
}
