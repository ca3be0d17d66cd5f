import type { IsoLibraryResponse } from '@labforge/contracts';

/** What the ISO library page gives its download and upload forms. */
export interface IsoAddFormProps {
  library: IsoLibraryResponse;
  onClose: () => void;
  /** Opened by its button: the first field takes the focus. */
  autoFocus?: boolean;
}

/** The buttons under both forms: start (or cancel while the file travels) and Close. */
export function IsoAddActions({
  running,
  startLabel,
  startDisabled,
  cancelLabel,
  cancelDisabled = false,
  onCancel,
  onClose,
}: {
  running: boolean;
  startLabel: string;
  startDisabled: boolean;
  cancelLabel: string;
  cancelDisabled?: boolean;
  onCancel: () => void;
  onClose: () => void;
}) {
  return (
    <div className="form-actions">
      {running ? (
        <button type="button" className="danger" onClick={onCancel} disabled={cancelDisabled}>
          {cancelLabel}
        </button>
      ) : (
        <button type="submit" className="button-primary" disabled={startDisabled}>
          {startLabel}
        </button>
      )}
      <button type="button" className="button-ghost" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
