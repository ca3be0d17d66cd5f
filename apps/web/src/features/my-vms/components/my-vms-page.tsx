import { OS_TYPE_LABELS, osTypeSchema, type MyVm } from '@labforge/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { ServerText } from '../../../components/ui/server-text.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { paths } from '../../../lib/paths.js';
import { serverWords } from '../../../lib/server-words.js';
import { useMyVms } from '../api/get-my-vms.js';
import { useVmCommand, type VmCommand } from '../api/vm-actions.js';
import { ClassGroup, type ClassGroupData } from './class-group.js';
import { DeleteVmDialog } from './delete-vm-dialog.js';
import { VmActions } from './vm-actions.js';
import '../my-vms.css';

const STATE_WORDS: Record<MyVm['state'], string> = {
  stopped: 'Stopped',
  running: 'Running',
  template: 'Template',
  missing: 'Gone from Proxmox',
  unknown: 'Unknown',
};

/** `windows11` -> "Windows 11" (the name the build form showed). */
function osLabel(id: string | undefined): string {
  const os = osTypeSchema.safeParse(id);
  return os.success ? OS_TYPE_LABELS[os.data] : (id ?? '—');
}

function isoName(volume: string): string {
  return volume.replace(/^[^:]+:(iso\/)?/, '');
}

/**
 * The VMs and templates the teacher built (administrators: every recorded one), kept current
 * by short polling, with power, console, media, finalise and delete actions on each row.
 */
export function MyVmsPage({
  onFinalise,
  technical = false,
  onRunScript,
}: {
  onFinalise: (vm: MyVm) => void;
  /** Admins: the server's own text of a reworded refusal ("Details"). */
  technical?: boolean;
  /** "Run a script" on a VM (the route composes the scripts' dialog); no button without it. */
  onRunScript?: (vm: MyVm) => void;
}) {
  const query = useMyVms();
  const command = useVmCommand();
  const [deleting, setDeleting] = useState<MyVm>();
  const [outcome, setOutcome] = useState<string>();
  const busyKey = command.isPending ? key(command.variables.vm) : undefined;

  const run = (vm: MyVm, cmd: VmCommand) => {
    setOutcome(undefined);
    command.mutate(
      { vm, command: cmd },
      {
        // The engine's outcome names drives ("Ejected ide2 …"): a teacher reads discs.
        onSuccess: (answer) => setOutcome(serverWords(answer.message).words),
        onSettled: () => setDeleting(undefined),
      },
    );
  };

  const vms = query.data?.vms ?? [];
  const ungrouped = vms.filter((vm) => vm.class_id === undefined);
  const classes = groupByClass(vms);
  const rowProps = {
    busyKey,
    onCommand: (vm: MyVm, cmd: VmCommand) => (cmd === 'delete' ? setDeleting(vm) : run(vm, cmd)),
    onFinalise,
    onRunScript,
  };

  return (
    <>
      <div className="page-header">
        <h1>My VMs</h1>
        <p>
          Start a VM, install its operating system in the console, then eject the install media and
          finalise it as a template.
        </p>
      </div>
      <p role="status" aria-live="polite" className="vm-outcome">
        {command.isPending ? `Working on ${command.variables.vm.name}…` : (outcome ?? '')}
      </p>
      {command.error && !deleting ? (
        <Alert title="That did not work">
          <div>
            <ServerText
              text={command.error.message}
              technical={technical}
              fallback="Proxmox refused this; an administrator can see why."
            />
          </div>
        </Alert>
      ) : null}
      <section aria-labelledby="my-vms-title" className="card">
        <h2 id="my-vms-title">VMs and templates</h2>
        {query.isPending ? <Spinner label="Loading your VMs…" /> : null}
        {query.error ? <Alert title="Could not load your VMs">{query.error.message}</Alert> : null}
        {query.data && query.data.vms.length > 0 && ungrouped.length === 0 ? (
          <p className="muted">Every VM of yours belongs to a class below.</p>
        ) : null}
        {query.data && query.data.vms.length === 0 ? (
          <p className="muted">
            No VMs yet. <Link to={paths.templateBuilder}>Build one in the Template Builder</Link>.
          </p>
        ) : null}
        {ungrouped.length > 0 ? (
          <VmTable vms={ungrouped} caption="VMs and templates" {...rowProps} />
        ) : null}
      </section>
      {classes.map((group) => (
        <ClassGroup key={group.id} group={group} technical={technical}>
          <VmTable vms={group.vms} caption={`VMs of ${group.name}`} {...rowProps} />
        </ClassGroup>
      ))}
      {deleting ? (
        <DeleteVmDialog
          vm={deleting}
          pending={command.isPending}
          error={command.error}
          technical={technical}
          onCancel={() => {
            command.reset();
            setDeleting(undefined);
          }}
          onConfirm={() => run(deleting, 'delete')}
        />
      ) : null}
    </>
  );
}

function groupByClass(vms: readonly MyVm[]): ClassGroupData[] {
  const groups = new Map<string, ClassGroupData>();
  for (const vm of vms) {
    if (vm.class_id === undefined) continue;
    const g = groups.get(vm.class_id) ?? {
      id: vm.class_id,
      name: vm.class_name ?? 'A class',
      vms: [],
    };
    g.vms.push(vm);
    groups.set(vm.class_id, g);
  }
  return [...groups.values()];
}

interface TableProps {
  vms: MyVm[];
  caption: string;
  busyKey: string | undefined;
  onCommand: (vm: MyVm, cmd: VmCommand) => void;
  onFinalise: (vm: MyVm) => void;
  onRunScript: ((vm: MyVm) => void) | undefined;
}

/** One row per VM (a card per VM on a phone) with its actions. */
function VmTable({ vms, caption, busyKey, onCommand, onFinalise, onRunScript }: TableProps) {
  return (
    <table className="my-vms">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">VMID</th>
          <th scope="col">Node</th>
          <th scope="col">OS</th>
          <th scope="col">State</th>
          <th scope="col">ISOs attached</th>
          <th scope="col">Built by</th>
          <th scope="col">When</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {vms.map((vm) => (
          <tr key={key(vm)} aria-label={vm.name}>
            <th scope="row" data-label="Name">
              {vm.name}
            </th>
            <td data-label="VMID">{vm.vmid}</td>
            <td data-label="Node">{vm.node ?? '—'}</td>
            <td data-label="OS">{osLabel(vm.os_type)}</td>
            <td data-label="State">
              <span className={`vm-state vm-state-${vm.state}`}>
                {STATE_WORDS[vm.state]}
                {vm.lock ? ` (busy: ${vm.lock})` : ''}
              </span>
            </td>
            <td data-label="ISOs attached">
              {vm.media.length > 0 ? vm.media.map((m) => isoName(m.volume)).join(', ') : 'none'}
            </td>
            <td data-label="Built by">{vm.built_by_name ?? vm.built_by ?? vm.owner}</td>
            <td data-label="When">{formatDateTime(vm.since)}</td>
            <td data-label="Actions">
              <VmActions
                vm={vm}
                busy={busyKey === key(vm)}
                onCommand={(cmd) => onCommand(vm, cmd)}
                onFinalise={() => onFinalise(vm)}
                {...(onRunScript ? { onRunScript: () => onRunScript(vm) } : {})}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function key(vm: MyVm): string {
  return `${vm.cluster_id}/${vm.vmid}`;
}
