import { Modal } from '../../../components/ui/modal.js';
import { BuildVmForm } from './build-vm-form.js';

/** The "Build from Scratch" modal; hands the job id over when the build has started. */
export function BuildVmDialog({
  onClose,
  onStarted,
  technical = false,
}: {
  onClose: () => void;
  onStarted: (jobId: string) => void;
  /** Admins see the dry run's technical details. */
  technical?: boolean;
}) {
  return (
    <Modal title="Build from Scratch" onClose={onClose} wide sheet>
      <BuildVmForm onStarted={onStarted} technical={technical} />
    </Modal>
  );
}
