import type { LibraryIso } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';
import { useRemoveIso } from '../api/remove-iso.js';

/** Confirms the removal, naming the ISO and where it is. */
export function RemoveDialog({ iso, onClose }: { iso: LibraryIso; onClose: () => void }) {
  const remove = useRemoveIso();
  const where = iso.shared ? `shared storage ${iso.storage}` : `${iso.storage} on ${iso.node}`;
  return (
    <Modal title={`Remove ${iso.name}?`} onClose={onClose}>
      <p>
        <strong>{iso.name}</strong> will be deleted from {where}. Nobody can build from it
        afterwards.
      </p>
      {remove.error ? <Alert title="It was not removed">{remove.error.message}</Alert> : null}
      {/* "Keep it" first: the dialog opens on it, so Enter never removes by accident. */}
      <div className="form-actions">
        <button type="button" className="button-ghost" onClick={onClose}>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(
              { storage: iso.storage, name: iso.name, ...(iso.shared ? {} : { node: iso.node }) },
              { onSuccess: onClose },
            )
          }
        >
          {remove.isPending ? 'Removing…' : `Remove ${iso.name}`}
        </button>
      </div>
    </Modal>
  );
}
