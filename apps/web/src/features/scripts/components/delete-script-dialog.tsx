import type { GuestScript } from '@labforge/contracts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js';
import { useDeleteScript } from '../api/scripts.js';

/** Deleting a script cannot be undone; runs already made keep their own copy and results. */
export function DeleteScriptDialog({
  script,
  onClose,
}: {
  script: GuestScript;
  onClose: () => void;
}) {
  const remove = useDeleteScript();
  return (
    <ConfirmDialog
      title={`Delete ${script.name}?`}
      confirmLabel={`Delete ${script.name}`}
      busy={remove.isPending}
      error={remove.error}
      errorTitle="It was not deleted"
      onCancel={onClose}
      onConfirm={() => remove.mutate(script.id, { onSuccess: onClose })}
    >
      <p>
        The script <strong>{script.name}</strong> will be deleted. This cannot be undone. Runs made
        with it keep their results.
      </p>
    </ConfirmDialog>
  );
}
