import type { LibraryIso } from '@labforge/contracts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js';
import { useRemoveIso } from '../api/remove-iso.js';

/** Confirms the removal, naming the ISO and where it is. */
export function RemoveDialog({
  iso,
  technical,
  onClose,
}: {
  iso: LibraryIso;
  technical: boolean;
  onClose: () => void;
}) {
  const remove = useRemoveIso();
  const where = iso.shared ? `shared storage ${iso.storage}` : `${iso.storage} on ${iso.node}`;
  return (
    <ConfirmDialog
      title={`Remove ${iso.name}?`}
      confirmLabel={`Remove ${iso.name}`}
      busyLabel="Removing…"
      busy={remove.isPending}
      error={remove.error}
      errorTitle="It was not removed"
      technical={technical}
      onCancel={onClose}
      onConfirm={() =>
        remove.mutate(
          { storage: iso.storage, name: iso.name, ...(iso.shared ? {} : { node: iso.node }) },
          { onSuccess: onClose },
        )
      }
    >
      <p>
        <strong>{iso.name}</strong> will be deleted from {where}. Nobody can build from it
        afterwards.
      </p>
    </ConfirmDialog>
  );
}
