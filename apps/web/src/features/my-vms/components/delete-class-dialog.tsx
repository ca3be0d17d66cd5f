import { useId, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';

interface Props {
  name: string;
  count: number;
  running: number;
  pending: boolean;
  error: Error | null;
  onCancel: () => void;
  onConfirm: (typed: string) => void;
}

/** Deleting a class cannot be undone: the teacher types its name first. */
export function DeleteClassDialog({
  name,
  count,
  running,
  pending,
  error,
  onCancel,
  onConfirm,
}: Props) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  return (
    <Modal title={`Delete the class ${name}?`} onClose={onCancel}>
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
      <div className="field">
        <label htmlFor={inputId}>Type the class name to confirm</label>
        <input
          id={inputId}
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
        />
      </div>
      {error ? (
        <Alert title="The class was not deleted">
          <p>{error.message}</p>
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-ghost" onClick={onCancel}>
          Keep it
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={pending || typed !== name || running > 0}
          onClick={() => onConfirm(typed)}
        >
          Delete all {count} VMs
        </button>
      </div>
    </Modal>
  );
}
