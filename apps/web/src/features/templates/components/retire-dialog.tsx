import type { TemplateCard } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';
import { useRetireTemplate } from '../api/templates.js';

/** Confirms retiring: nobody deploys from it any more; Proxmox keeps the template. */
export function RetireDialog({ card, onClose }: { card: TemplateCard; onClose: () => void }) {
  const retire = useRetireTemplate();
  return (
    <Modal title={`Retire ${card.name}?`} onClose={onClose}>
      <p>
        Teachers will no longer find <strong>{card.name}</strong> on this page or deploy classes
        from it. VMs already made from it are not affected, and the template stays in Proxmox: you
        can bring it back later.
      </p>
      {retire.error ? <Alert title="It was not retired">{retire.error.message}</Alert> : null}
      <div className="form-actions">
        <button
          type="button"
          className="danger"
          disabled={retire.isPending}
          onClick={() =>
            retire.mutate(
              { clusterId: card.cluster_id, vmid: card.vmid, retire: true },
              { onSuccess: onClose },
            )
          }
        >
          {retire.isPending ? 'Retiring…' : `Retire ${card.name}`}
        </button>
        <button type="button" className="button-ghost" onClick={onClose}>
          Keep it
        </button>
      </div>
    </Modal>
  );
}
