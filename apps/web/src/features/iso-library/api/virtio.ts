import { endpoints } from '@labforge/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { useRefreshIsos } from './get-library.js';

/** Admins: pin the virtio-win ISO (URL + SHA-256) of the cluster. */
export function usePinVirtio() {
  const refresh = useRefreshIsos();
  return useMutation({
    mutationFn: (pin: { url: string; sha256: string }) =>
      apiRequest(endpoints.pinVirtio, { body: pin }),
    onSuccess: refresh,
  });
}

/** Admins: remove the pin; builds go back to the configured virtio-win source. */
export function useUnpinVirtio() {
  const refresh = useRefreshIsos();
  return useMutation({
    mutationFn: () => apiRequest(endpoints.unpinVirtio),
    onSuccess: refresh,
  });
}

/** Admins: download the pinned (or configured) virtio-win ISO now; resolves with the job id. */
export function useFetchVirtio() {
  return useMutation({
    mutationFn: async () => (await apiRequest(endpoints.fetchVirtio)).job_id,
  });
}
