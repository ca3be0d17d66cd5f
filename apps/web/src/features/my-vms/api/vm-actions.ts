import { endpoints, type MyVm, type PowerAction } from '@labforge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export type VmCommand = PowerAction | 'eject' | 'delete';

const params = (vm: MyVm) => ({ cluster_id: vm.cluster_id, vmid: vm.vmid });

/** One mutation for every row action; each answer carries a sentence for the teacher. */
export function useVmCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ vm, command }: { vm: MyVm; command: VmCommand }) => {
      if (command === 'eject') return apiRequest(endpoints.ejectVmMedia, { params: params(vm) });
      if (command === 'delete') return apiRequest(endpoints.deleteVm, { params: params(vm) });
      return apiRequest(endpoints.powerVm, { params: params(vm), body: { action: command } });
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.myVms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.catalogue });
      void queryClient.invalidateQueries({ queryKey: queryKeys.templates.all });
    },
  });
}
