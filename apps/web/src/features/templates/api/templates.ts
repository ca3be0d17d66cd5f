import { endpoints, type TemplateCardUpdate } from '@labforge/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Every card the user may use in this cluster (searching happens in the page, instantly). */
export function useTemplateCards(clusterId: string, includeRetired: boolean) {
  return useQuery({
    queryKey: queryKeys.templates.list(clusterId, includeRetired),
    queryFn: ({ signal }) =>
      apiRequest(endpoints.listTemplateCards, {
        query: { cluster_id: clusterId, ...(includeRetired ? { include_retired: '1' } : {}) },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useShareableTeachers(clusterId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.templates.teachers(clusterId),
    queryFn: ({ signal }) =>
      apiRequest(endpoints.listShareableTeachers, { query: { cluster_id: clusterId }, signal }),
    enabled,
  });
}

interface Target {
  clusterId: string;
  vmid: number;
}

export function useUpdateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ clusterId, vmid, patch }: Target & { patch: TemplateCardUpdate }) =>
      apiRequest(endpoints.updateTemplateCard, {
        params: { cluster_id: clusterId, vmid },
        body: patch,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}

export function useRetireTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ clusterId, vmid, retire }: Target & { retire: boolean }) => {
      const params = { cluster_id: clusterId, vmid };
      return retire
        ? apiRequest(endpoints.retireTemplateCard, { params })
        : apiRequest(endpoints.unretireTemplateCard, { params });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.templates.all }),
  });
}
