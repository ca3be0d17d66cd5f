import type { ClassActionResult, MyVm } from '@labforge/contracts';
import { useId, useState, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { useClassAction } from '../api/class-actions.js';
import { DeleteClassDialog } from './delete-class-dialog.js';

export interface ClassGroupData {
  id: string;
  name: string;
  vms: MyVm[];
}

const DONE: Record<ClassActionResult['action'], string> = {
  start: 'started',
  shutdown: 'shut down',
  delete: 'deleted',
};

function summary(r: ClassActionResult): string {
  const parts = [`${r.succeeded} ${DONE[r.action]}`];
  if (r.skipped) parts.push(`${r.skipped} left as they were`);
  if (r.failed) parts.push(`${r.failed} failed`);
  return `${r.class_name}: ${parts.join(', ')}`;
}

/** A deployed class on My VMs: its VMs, and actions on all of them at once. */
export function ClassGroup({
  group,
  technical = false,
  children,
}: {
  group: ClassGroupData;
  /** Admins: the server's own text of a reworded refusal ("Details"). */
  technical?: boolean;
  children: ReactNode;
}) {
  const titleId = useId();
  const action = useClassAction(group.id);
  const [deleting, setDeleting] = useState(false);
  const running = group.vms.filter((v) => v.state === 'running').length;
  const result = action.data;
  return (
    <section aria-labelledby={titleId} className="card class-group">
      <h2 id={titleId}>Class: {group.name}</h2>
      <p className="muted">
        {group.vms.length} VMs, {running} running
      </p>
      <div
        className="class-actions"
        role="group"
        aria-label={`Actions for the class ${group.name}`}
      >
        <button
          type="button"
          disabled={action.isPending}
          onClick={() => action.mutate({ action: 'start' })}
        >
          Start all
        </button>
        <button
          type="button"
          disabled={action.isPending}
          onClick={() => action.mutate({ action: 'shutdown' })}
        >
          Shut down all
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={action.isPending}
          onClick={() => {
            action.reset();
            setDeleting(true);
          }}
        >
          Delete all
        </button>
      </div>
      <p role="status" aria-live="polite" className="vm-outcome">
        {action.isPending ? `Working on ${group.name}…` : result ? summary(result) : ''}
      </p>
      {result && result.failed > 0 ? (
        <Alert title="Not every VM did it">
          <ul>
            {result.items
              .filter((i) => i.status === 'failed')
              .map((i) => (
                <li key={i.vmid}>{i.message}</li>
              ))}
          </ul>
        </Alert>
      ) : null}
      {action.error && !deleting ? (
        <Alert title="That did not work">
          <p>{action.error.message}</p>
        </Alert>
      ) : null}
      {children}
      {deleting ? (
        <DeleteClassDialog
          name={group.name}
          count={group.vms.length}
          running={running}
          pending={action.isPending}
          error={action.error}
          technical={technical}
          onCancel={() => setDeleting(false)}
          onConfirm={() =>
            action.mutate(
              // The typed name, which the API checks again.
              { action: 'delete', confirm: group.name },
              { onSuccess: () => setDeleting(false) },
            )
          }
        />
      ) : null}
    </section>
  );
}
