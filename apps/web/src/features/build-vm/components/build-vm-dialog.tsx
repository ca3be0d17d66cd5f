import { Modal } from '../../../components/ui/modal.js';
import { BuildVmForm } from './build-vm-form.js';

/** The "Build from Scratch" modal; hands the job id over when the build has started. */
export function BuildVmDialog({
  onClose,
  onStarted,
}: {
  onClose: () => void;
  onStarted: (jobId: string) => void;
}) {
  return (
    <Modal title="Build from Scratch" onClose={onClose} wide>
      <BuildVmForm onStarted={onStarted} />
    </Modal>
  );
}
