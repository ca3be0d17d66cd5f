import type { MyVm } from '@labforge/contracts';
import { Link } from 'react-router';
import { paths } from '../../../lib/paths.js';
import type { VmCommand } from '../api/vm-actions.js';

interface Props {
  vm: MyVm;
  busy: boolean;
  onCommand: (command: VmCommand) => void;
  onFinalise: () => void;
  onRunScript?: () => void;
}

/** The actions that make sense in the VM's state; each button names the VM for screen readers. */
export function VmActions({ vm, busy, onCommand, onFinalise, onRunScript }: Props) {
  const locked = Boolean(vm.lock) || busy;
  const button = (command: VmCommand, label: string, hint?: string) => (
    <button
      type="button"
      className="button-small"
      disabled={locked}
      aria-label={`${label}: ${vm.name}`}
      title={hint}
      onClick={() => onCommand(command)}
    >
      {label}
    </button>
  );
  const hasMedia = vm.media.length > 0;
  const runScript = onRunScript ? (
    <button
      type="button"
      className="button-small"
      disabled={locked}
      aria-label={`Run a script: ${vm.name}`}
      title="Runs one of your saved scripts inside the VM through the QEMU guest agent"
      onClick={onRunScript}
    >
      Run a script
    </button>
  ) : null;
  return (
    <div className="vm-actions" role="group" aria-label={`Actions for ${vm.name}`}>
      {vm.state === 'stopped' ? (
        <>
          {hasMedia
            ? button(
                'start-from-iso',
                'Start and boot from ISO',
                'Starts the VM and presses the key the installer waits for',
              )
            : null}
          {button('start', 'Start')}
          {runScript}
          {hasMedia ? button('eject', 'Eject media') : null}
          <button
            type="button"
            className="button-small"
            disabled={locked}
            aria-label={`Finalise as template: ${vm.name}`}
            onClick={onFinalise}
          >
            Finalise as template
          </button>
          {button('delete', 'Delete')}
        </>
      ) : null}
      {vm.state === 'running' ? (
        <>
          <Link
            className="button-small button-primary"
            to={paths.vmConsole(vm.cluster_id, vm.vmid)}
            aria-label={`Console: ${vm.name}`}
          >
            Console
          </Link>
          {button('shutdown', 'Shut down', 'Presses the power button (the guest shuts down)')}
          {button('stop', 'Stop', 'Turns the VM off at once, like pulling the plug')}
          {button('reset', 'Reset', 'Restarts the VM at once')}
          {runScript}
          {hasMedia ? button('eject', 'Eject media') : null}
        </>
      ) : null}
      {vm.state === 'template' ? (
        <>
          <Link
            className="button-small button-primary"
            to={paths.classDeploy(vm.cluster_id, vm.vmid)}
            aria-label={`Deploy a class: ${vm.name}`}
          >
            Deploy a class
          </Link>
          {button('delete', 'Delete')}
        </>
      ) : null}
      {vm.state === 'missing' ? <span className="muted">Deleted outside LabForge</span> : null}
    </div>
  );
}
