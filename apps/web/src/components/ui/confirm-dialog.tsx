import { useId, useState, type ReactNode } from 'react';
import { Alert } from './alert.js';
import { Modal } from './modal.js';
import { ServerText } from './server-text.js';

interface ConfirmDialogProps {
  /** The question, e.g. "Delete lab-01?" (names the dialog). */
  title: string;
  /** What happens if the teacher goes on (describes the dialog). */
  children: ReactNode;
  /** The button that does it, e.g. "Delete lab-01". */
  confirmLabel: string;
  /** Its text while the action runs, e.g. "Removing…" (default: the confirm label). */
  busyLabel?: string;
  /** The button that closes without doing anything. */
  safeLabel?: string;
  /** The action runs: the confirm button is disabled and says so. */
  busy: boolean;
  /** Why the action failed; shown in teacher words under `errorTitle`. */
  error: Error | null;
  errorTitle: string;
  /** Admins also read the server's own text of a reworded error ("Details"). */
  technical?: boolean;
  /** The confirm button stays disabled (the description says why). */
  blocked?: boolean;
  /** The teacher must type `expected` into a field labelled `label` before confirming. */
  typeToConfirm?: { label: string; expected: string };
  onCancel: () => void;
  onConfirm: () => void;
}

/**
 * The one confirmation for something that cannot be undone (delete a VM, a class, a script,
 * remove an ISO, retire a template): an `alertdialog` named by its question and described by its
 * text. It opens on the safe button, so Enter never confirms by accident; Tab stays inside;
 * Escape and the safe button close it and the focus goes back to whatever opened it.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  safeLabel = 'Keep it',
  busy,
  error,
  errorTitle,
  technical = false,
  blocked = false,
  typeToConfirm,
  onCancel,
  onConfirm,
}: ConfirmDialogProps) {
  const descriptionId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const mismatch = typeToConfirm !== undefined && typed !== typeToConfirm.expected;
  return (
    <Modal
      title={title}
      onClose={onCancel}
      role="alertdialog"
      describedBy={descriptionId}
      closeButton={false}
    >
      <div id={descriptionId}>{children}</div>
      {typeToConfirm ? (
        <div className="field">
          <label htmlFor={inputId}>{typeToConfirm.label}</label>
          <input
            id={inputId}
            value={typed}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
      ) : null}
      {error ? (
        <Alert title={errorTitle}>
          {/* A div: an admin's "Details" disclosure may not sit inside a paragraph. */}
          <div>
            <ServerText
              text={error.message}
              technical={technical}
              fallback="Proxmox refused this; an administrator can see why."
            />
          </div>
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-ghost" data-autofocus onClick={onCancel}>
          {safeLabel}
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={busy || blocked || mismatch}
          aria-busy={busy || undefined}
          onClick={onConfirm}
        >
          {busy && busyLabel ? busyLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
