import type { CatalogueVm } from '@labforge/contracts';
import { useState } from 'react';
import { Modal } from '../../../components/ui/modal.js';
import { ServerErrorText } from './server-error-text.js';
import { useFinaliseTemplate } from '../api/finalise-template.js';

export function FinaliseDialog({
  vm,
  onClose,
  onStarted,
}: {
  vm: CatalogueVm;
  onClose: () => void;
  onStarted: (jobId: string) => void;
}) {
  const [eject, setEject] = useState(true);
  const finalise = useFinaliseTemplate();
  return (
    <Modal title={`Finalise ${vm.name} as template`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          finalise.mutate(
            { vmid: vm.vmid, node: vm.node, eject_media: eject },
            { onSuccess: onStarted },
          );
        }}
      >
        <p>
          VM {vm.vmid} on {vm.node} becomes a template that classes can clone. It must be stopped,
          with its operating system installed. This cannot be undone.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={eject} onChange={(e) => setEject(e.target.checked)} />
          Eject the installation and driver ISOs
        </label>
        {finalise.error ? <ServerErrorText error={finalise.error} /> : null}
        <div className="form-actions">
          <button type="button" className="button-ghost" onClick={onClose}>
            Keep as VM
          </button>
          <button type="submit" className="button-primary" disabled={finalise.isPending}>
            Convert to template
          </button>
        </div>
      </form>
    </Modal>
  );
}
