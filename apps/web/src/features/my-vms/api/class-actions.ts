import { endpoints, type ClassAction } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Start, shut down or delete every VM of a class; the answer has one outcome per VM. */
export function useClassAction(classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.classAction(classId),
    mutationFn: ({ action, confirm }: { action: ClassAction; confirm?: string }) =>
      apiRequest(endpoints.classAction, {
        params: { class_id: classId },
        body: { action, ...(confirm !== undefined ? { confirm } : {}) },
      }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.myVms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.catalogue });
    },
  });
}
