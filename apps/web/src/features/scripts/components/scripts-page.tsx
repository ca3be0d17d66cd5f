import type { GuestScript } from '@labforge/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { useScripts } from '../api/scripts.js';
import { DeleteScriptDialog } from './delete-script-dialog.js';
import { ScriptForm } from './script-form.js';
import '../scripts.css';

const LANGUAGE_WORDS: Record<GuestScript['language'], string> = {
  shell: 'Shell (Linux)',
  powershell: 'PowerShell (Windows)',
};

/**
 * Saved post-deployment scripts: the teacher's own (administrators see everyone's), with new,
 * edit and delete. Running one is on My VMs ("Run a script") and in class deployments.
 */
export function ScriptsPage({ admin }: { admin: boolean }) {
  const query = useScripts();
  const [editing, setEditing] = useState<GuestScript | 'new'>();
  const [deleting, setDeleting] = useState<GuestScript>();
  const scripts = query.data?.scripts ?? [];
  return (
    <div className="scripts-page">
      <div className="page-header">
        <h1>Scripts</h1>
        <p>
          Scripts run inside your VMs through the QEMU guest agent, after a class is deployed or
          from My VMs: to set a hostname, add a user, install a package. LabForge starts the VM if
          needed, waits for the agent, and keeps each VM’s exit code and output.
        </p>
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New script
        </button>
      </div>
      <section aria-labelledby="scripts-title" className="card">
        <h2 id="scripts-title">{admin ? 'All scripts' : 'Your scripts'}</h2>
        {query.isPending ? <Spinner label="Loading your scripts…" /> : null}
        {query.error ? (
          <Alert title="Could not load the scripts">{query.error.message}</Alert>
        ) : null}
        {query.data && scripts.length === 0 ? (
          <p className="muted">No scripts yet. Use “New script” to write one.</p>
        ) : null}
        {scripts.length > 0 ? (
          <div className="table-wrap">
            <table className="stack-on-phone scripts-table">
              <caption className="visually-hidden">Saved scripts</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Language</th>
                  <th scope="col">Timeout</th>
                  {admin ? <th scope="col">Owner</th> : null}
                  <th scope="col">Changed</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {scripts.map((s) => (
                  <tr key={s.id} aria-label={s.name}>
                    <th scope="row" data-label="Name">
                      <span>
                        {s.name}
                        {s.description ? (
                          <span className="script-description">{s.description}</span>
                        ) : null}
                      </span>
                    </th>
                    <td data-label="Language">{LANGUAGE_WORDS[s.language]}</td>
                    <td data-label="Timeout">{s.timeout_s} s</td>
                    {admin ? <td data-label="Owner">{s.owner}</td> : null}
                    <td data-label="Changed">{formatDateTime(s.updated_at)}</td>
                    <td data-label="Actions">
                      <div
                        className="script-actions"
                        role="group"
                        aria-label={`Actions for ${s.name}`}
                      >
                        <button
                          type="button"
                          className="button-small"
                          aria-label={`Edit: ${s.name}`}
                          onClick={() => setEditing(s)}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button-small"
                          aria-label={`Delete: ${s.name}`}
                          onClick={() => setDeleting(s)}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {editing ? (
        <ScriptForm
          {...(editing === 'new' ? {} : { script: editing })}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {deleting ? (
        <DeleteScriptDialog script={deleting} onClose={() => setDeleting(undefined)} />
      ) : null}
    </div>
  );
}
