import type { TemplateCard } from '@labforge/contracts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.js';
import { useRetireTemplate } from '../api/templates.js';

/** Confirms retiring: nobody deploys from it any more; Proxmox keeps the template. */
export function RetireDialog({ card, onClose }: { card: TemplateCard; onClose: () => void }) {
  const retire = useRetireTemplate();
  return (
    <ConfirmDialog
      title={`Retire ${card.name}?`}
      confirmLabel={`Retire ${card.name}`}
      busyLabel="Retiring…"
      busy={retire.isPending}
      error={retire.error}
      errorTitle="It was not retired"
      onCancel={onClose}
      onConfirm={() =>
        retire.mutate(
          { clusterId: card.cluster_id, vmid: card.vmid, retire: true },
          { onSuccess: onClose },
        )
      }
    >
      <p>
        Teachers will no longer find <strong>{card.name}</strong> on this page or deploy classes
        from it. VMs already made from it are not affected, and the template stays in Proxmox: you
        can bring it back later.
      </p>
    </ConfirmDialog>
  );
}
