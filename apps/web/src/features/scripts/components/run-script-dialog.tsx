import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Modal } from '../../../components/ui/modal.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { paths } from '../../../lib/paths.js';
import { useRunScript, useScripts } from '../api/scripts.js';
import '../scripts.css';

interface Props {
  vm: { cluster_id: string; vmid: number; name: string; running: boolean };
  onClose: () => void;
  /** The run-script job started: its page follows it. */
  onStarted: (jobId: string) => void;
}

/** "Run a script" on one VM: choose a saved script, then follow the run on its job page. */
export function RunScriptDialog({ vm, onClose, onStarted }: Props) {
  const query = useScripts();
  const run = useRunScript();
  const scripts = query.data?.scripts ?? [];
  const [chosen, setChosen] = useState<string>();
  const picked = chosen ?? scripts[0]?.id;
  const script = scripts.find((s) => s.id === picked);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!script) return;
    run.mutate(
      { id: script.id, body: { cluster_id: vm.cluster_id, vmids: [vm.vmid] } },
      { onSuccess: (answer) => onStarted(answer.job_id) },
    );
  };

  return (
    <Modal title={`Run a script on ${vm.name}`} onClose={onClose}>
      {query.isPending ? <Spinner label="Loading your scripts…" /> : null}
      {query.error ? <Alert title="Could not load the scripts">{query.error.message}</Alert> : null}
      {query.data && scripts.length === 0 ? (
        <p>
          You have no scripts yet. <Link to={paths.scripts}>Write one on the Scripts page</Link>.
        </p>
      ) : null}
      {scripts.length > 0 ? (
        <form onSubmit={submit} className="run-script-form">
          <fieldset className="script-choice">
            <legend>Script</legend>
            {scripts.map((s) => (
              <label key={s.id} className="radio-row">
                <input
                  type="radio"
                  name="script"
                  value={s.id}
                  checked={s.id === picked}
                  onChange={() => setChosen(s.id)}
                />
                <span>
                  {s.name}{' '}
                  <span className="muted">
                    ({s.language === 'shell' ? 'shell' : 'PowerShell'}, up to {s.timeout_s} s)
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <p className="field-hint">
            {vm.running
              ? 'LabForge waits for the QEMU guest agent, runs the script and shows its output.'
              : `${vm.name} is stopped: LabForge starts it, waits for the QEMU guest agent, then runs the script.`}
          </p>
          {run.error ? (
            <Alert title="The script was not started">
              <p>{run.error.message}</p>
            </Alert>
          ) : null}
          <div className="form-actions">
            <button type="button" className="button-ghost" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button-primary" disabled={!script || run.isPending}>
              Run {script?.name ?? 'the script'}
            </button>
          </div>
        </form>
      ) : null}
    </Modal>
  );
}
