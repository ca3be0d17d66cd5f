import type { GuestScript } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';
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
    <Modal title={`Delete ${script.name}?`} onClose={onClose}>
      <p>
        The script <strong>{script.name}</strong> will be deleted. This cannot be undone. Runs made
        with it keep their results.
      </p>
      {remove.error ? (
        <Alert title="It was not deleted">
          <p>{remove.error.message}</p>
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-ghost" onClick={onClose}>
          Keep it
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(script.id, { onSuccess: onClose })}
        >
          Delete {script.name}
        </button>
      </div>
    </Modal>
  );
}
