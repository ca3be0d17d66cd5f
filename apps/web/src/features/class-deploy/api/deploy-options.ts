import { endpoints } from '@labforge/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Linked or not (and why), the nodes that can take clones, storages for full clones. */
export function useDeployOptions(clusterId: string, vmid: number) {
  return useQuery({
    queryKey: queryKeys.deployOptions(clusterId, vmid),
    queryFn: ({ signal }) =>
      apiRequest(endpoints.deployOptions, { params: { cluster_id: clusterId, vmid }, signal }),
    retry: false,
  });
}
