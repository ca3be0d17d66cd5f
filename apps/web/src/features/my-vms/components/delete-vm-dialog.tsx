import type { MyVm } from '@labforge/contracts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js';

interface Props {
  vm: MyVm;
  pending: boolean;
  error: Error | null;
  technical: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Deleting cannot be undone: the dialog names the VM and what goes with it. */
export function DeleteVmDialog({ vm, pending, error, technical, onCancel, onConfirm }: Props) {
  const kind = vm.state === 'template' ? 'template' : 'VM';
  return (
    <ConfirmDialog
      title={`Delete ${vm.name}?`}
      confirmLabel={`Delete ${vm.name}`}
      busy={pending}
      error={error}
      errorTitle="It was not deleted"
      technical={technical}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        The {kind} <strong>{vm.name}</strong> (VMID {vm.vmid}) and its disks will be deleted from
        Proxmox. This cannot be undone. The ISO images stay in the library.
      </p>
    </ConfirmDialog>
  );
}
