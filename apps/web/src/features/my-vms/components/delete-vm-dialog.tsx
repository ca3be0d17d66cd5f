import type { MyVm } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';

interface Props {
  vm: MyVm;
  pending: boolean;
  error: Error | null;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Deleting cannot be undone: the dialog names the VM and what goes with it. */
export function DeleteVmDialog({ vm, pending, error, onCancel, onConfirm }: Props) {
  const kind = vm.state === 'template' ? 'template' : 'VM';
  return (
    <Modal title={`Delete ${vm.name}?`} onClose={onCancel}>
      <p>
        The {kind} <strong>{vm.name}</strong> (VMID {vm.vmid}) and its disks will be deleted from
        Proxmox. This cannot be undone. The ISO images stay in the library.
      </p>
      {error ? (
        <Alert title="It was not deleted">
          <p>{error.message}</p>
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-ghost" onClick={onCancel}>
          Keep it
        </button>
        <button type="button" className="button-danger" disabled={pending} onClick={onConfirm}>
          Delete {vm.name}
        </button>
      </div>
    </Modal>
  );
}
