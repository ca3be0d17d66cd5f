import { endpoints, type GuestScriptInput, type ScriptRunRequest } from '@labforge/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useScripts() {
  return useQuery({
    queryKey: queryKeys.scripts,
    queryFn: ({ signal }) => apiRequest(endpoints.listScripts, { signal }),
  });
}

function useRefreshScripts() {
  const queryClient = useQueryClient();
  return useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.scripts }),
    [queryClient],
  );
}

/** Creates a script, or replaces one when `id` is given. */
export function useSaveScript() {
  const refresh = useRefreshScripts();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: GuestScriptInput }) =>
      id
        ? apiRequest(endpoints.updateScript, { params: { id }, body: input })
        : apiRequest(endpoints.createScript, { body: input }),
    onSettled: refresh,
  });
}

export function useDeleteScript() {
  const refresh = useRefreshScripts();
  return useMutation({
    mutationFn: (id: string) => apiRequest(endpoints.deleteScript, { params: { id } }),
    onSettled: refresh,
  });
}

/** Starts a run-script job (always asynchronous: the job page follows it). */
export function useRunScript() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Omit<ScriptRunRequest, 'async'> }) =>
      apiRequest(endpoints.runScript, { params: { id }, body: { ...body, async: true } }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all }),
  });
}
