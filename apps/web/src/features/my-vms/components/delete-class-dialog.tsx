import { Alert } from '../../../components/ui/alert.js';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js';

interface Props {
  name: string;
  count: number;
  running: number;
  pending: boolean;
  error: Error | null;
  technical: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Deleting a class cannot be undone: the teacher types its name first. */
export function DeleteClassDialog({
  name,
  count,
  running,
  pending,
  error,
  technical,
  onCancel,
  onConfirm,
}: Props) {
  return (
    <ConfirmDialog
      title={`Delete the class ${name}?`}
      confirmLabel={`Delete all ${count} VMs`}
      busy={pending}
      blocked={running > 0}
      typeToConfirm={{ label: 'Type the class name to confirm', expected: name }}
      error={error}
      errorTitle="The class was not deleted"
      technical={technical}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        All {count} VMs of <strong>{name}</strong> and their disks will be deleted from Proxmox.
        This cannot be undone.
      </p>
      {running > 0 ? (
        <Alert title="Some VMs are still running">
          <p>
            {running} of them {running === 1 ? 'is' : 'are'} running. Shut them down first (Shut
            down all), then delete the class.
          </p>
        </Alert>
      ) : null}
    </ConfirmDialog>
  );
}
