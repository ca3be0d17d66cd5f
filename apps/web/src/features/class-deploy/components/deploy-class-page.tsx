import { useState, type FormEvent } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Field } from '../../../components/ui/field.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { ApiError } from '../../../lib/api-client.js';
import { useDeployClass } from '../api/deploy-class.js';
import { useDeployOptions } from '../api/deploy-options.js';
import { useScripts } from '../api/scripts.js';
import {
  emptyForm,
  FIELD_LABELS,
  formErrors,
  previewNames,
  previewText,
  toRequest,
  type DeployForm,
} from '../utils/deploy-form.js';
import { PoolField } from './pool-field.js';
import '../class-deploy.css';

interface Props {
  clusterId: string;
  vmid: number;
  /** The deployment is a job now: show its page. */
  onStarted: (jobId: string) => void;
}

/**
 * Deploy a class from a template: how many VMs and their names (a numbered pattern with a live
 * preview, or a pasted list of students), linked or full copies (linked only where Proxmox can,
 * with the reason otherwise), where they go, and what happens after.
 */
export function DeployClassPage({ clusterId, vmid, onStarted }: Props) {
  const options = useDeployOptions(clusterId, vmid);
  const scripts = useScripts();
  const deploy = useDeployClass(clusterId, vmid);
  const [form, setForm] = useState<DeployForm>(() => emptyForm('linked'));
  const [shown, setShown] = useState<Record<string, string>>({});

  if (options.isPending) return <Spinner label="Reading the template…" />;
  if (options.error || !options.data)
    return (
      <>
        <h1>Deploy a class</h1>
        <Alert title="This template cannot be deployed">{options.error?.message}</Alert>
      </>
    );
  const o = options.data;
  const linkedOk = o.linked_possible;
  const clone = linkedOk ? form.clone : 'full';
  const current = { ...form, clone };
  const preview = previewNames(current);
  const set = <K extends keyof DeployForm>(key: K, value: DeployForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const apiFields = deploy.error instanceof ApiError ? deploy.error.fields : {};
  const errors = { ...apiFields, ...shown };
  const count = 'names' in preview ? preview.names.length : 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = formErrors(current);
    setShown(problems);
    if (Object.keys(problems).length > 0) return;
    deploy.mutate(toRequest(current), { onSuccess: (answer) => onStarted(answer.job_id) });
  }

  return (
    <form className="deploy-class" onSubmit={submit} noValidate>
      <div className="page-header">
        <h1>Deploy a class from {o.template.name}</h1>
        <p>
          Every student gets a copy of the template. The copies are made on the cluster one after
          another; the next page shows each VM as it is made.
        </p>
      </div>

      <section className="card" aria-labelledby="deploy-names">
        <h2 id="deploy-names">The VMs</h2>
        <Field label="Class name" hint={`Shown on My VMs; empty: "${o.template.name} class"`}>
          <input
            value={form.className}
            maxLength={60}
            onChange={(e) => set('className', e.target.value)}
          />
        </Field>
        <fieldset>
          <legend>How to name the VMs</legend>
          <label className="choice">
            <input
              type="radio"
              name="naming"
              checked={form.naming === 'numbered'}
              onChange={() => set('naming', 'numbered')}
            />
            Numbered (lab-01, lab-02, …)
          </label>
          <label className="choice">
            <input
              type="radio"
              name="naming"
              checked={form.naming === 'names'}
              onChange={() => set('naming', 'names')}
            />
            After a list of students
          </label>
        </fieldset>
        {form.naming === 'numbered' ? (
          <div className="deploy-row">
            <Field label="Number of VMs" error={errors.count}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                value={form.count}
                onChange={(e) => set('count', e.target.value)}
              />
            </Field>
            <Field
              label="Name pattern"
              error={errors.name_pattern}
              hint="{nn} is the VM's number, padded to two digits (three for 100)"
            >
              <input value={form.pattern} onChange={(e) => set('pattern', e.target.value)} />
            </Field>
          </div>
        ) : (
          <div className="deploy-row">
            <Field
              label="Student names"
              error={errors.names}
              hint="One name per line; accents and spaces become plain letters and hyphens"
            >
              <textarea
                rows={6}
                value={form.names}
                onChange={(e) => set('names', e.target.value)}
              />
            </Field>
            <Field
              label="Name pattern"
              error={errors.name_pattern}
              hint="{name} is the student's name, e.g. net-{name}"
            >
              <input
                value={form.namesPattern}
                onChange={(e) => set('namesPattern', e.target.value)}
              />
            </Field>
          </div>
        )}
        <p className="deploy-preview" role="status" aria-live="polite">
          {'names' in preview
            ? `${preview.names.length} VM${preview.names.length === 1 ? '' : 's'}: ${previewText(preview.names)}`
            : form.naming === 'names' && !form.names.trim()
              ? 'Paste the students’ names to see the VM names'
              : preview.error}
        </p>
      </section>

      <section className="card" aria-labelledby="deploy-copies">
        <h2 id="deploy-copies">The copies</h2>
        <fieldset aria-describedby={linkedOk ? undefined : 'linked-why-not'}>
          <legend>Kind of copy</legend>
          <label className="choice">
            <input
              type="radio"
              name="clone"
              checked={clone === 'linked'}
              disabled={!linkedOk}
              onChange={() => set('clone', 'linked')}
            />
            Linked clone: ready in seconds, shares the template’s disk (keep the template)
          </label>
          <label className="choice">
            <input
              type="radio"
              name="clone"
              checked={clone === 'full'}
              onChange={() => set('clone', 'full')}
            />
            Full clone: an independent copy of the disk (slower, takes the disk’s space)
          </label>
          {!linkedOk && o.linked_why_not ? (
            <p id="linked-why-not" className="field-hint">
              {o.linked_why_not}
            </p>
          ) : null}
          {errors.clone ? <p className="field-error">{errors.clone}</p> : null}
        </fieldset>
        {clone === 'full' ? (
          <Field label="Storage for the copies" error={errors.storage}>
            <select value={form.storage} onChange={(e) => set('storage', e.target.value)}>
              <option value="">The template’s storage</option>
              {o.full_clone_storages.map((s) => (
                <option key={s.storage} value={s.storage}>
                  {s.storage} ({s.shared ? 'shared' : s.nodes.join(', ')})
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <fieldset>
          <legend>Nodes (none ticked: LabForge spreads the class over every node that can)</legend>
          {o.nodes.map((n) => (
            <label key={n.node} className="choice">
              <input
                type="checkbox"
                disabled={!n.usable}
                checked={form.nodes.includes(n.node)}
                onChange={(e) =>
                  set(
                    'nodes',
                    e.target.checked
                      ? [...form.nodes, n.node]
                      : form.nodes.filter((x) => x !== n.node),
                  )
                }
              />
              {n.node}
              {n.usable ? '' : ` — cannot take copies: ${n.reasons.join('; ')}`}
            </label>
          ))}
          {errors.nodes ? <p className="field-error">{errors.nodes}</p> : null}
        </fieldset>
      </section>

      <section className="card" aria-labelledby="deploy-after">
        <h2 id="deploy-after">After copying</h2>
        <div className="deploy-row">
          <PoolField
            clusterId={clusterId}
            value={form.pool}
            onChange={(pool) => set('pool', pool)}
            error={errors.pool}
          />
          <Field label="Tags" error={errors.tags} hint="Optional, separated by spaces or commas">
            <input value={form.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={form.start}
            onChange={(e) => set('start', e.target.checked)}
          />
          Start every VM once it is copied
        </label>
        {scripts.data && scripts.data.length > 0 ? (
          <Field
            label="Script to run in every VM"
            error={errors.script}
            hint="Runs through the QEMU guest agent once the VM is up"
          >
            <select value={form.scriptId} onChange={(e) => set('scriptId', e.target.value)}>
              <option value="">No script</option>
              {scripts.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.language === 'shell' ? 'Linux shell' : 'PowerShell'})
                </option>
              ))}
            </select>
          </Field>
        ) : null}
      </section>

      {deploy.error ? (
        <Alert title="The class was not deployed">
          <p>{describe(deploy.error)}</p>
        </Alert>
      ) : null}
      {Object.keys(shown).length > 0 ? (
        <Alert title="Please check the form">
          <ul>
            {Object.entries(shown).map(([field, message]) => (
              <li key={field}>
                {FIELD_LABELS[field] ?? 'Form'}: {message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={deploy.isPending}>
          {count > 0 ? `Deploy ${count} VM${count === 1 ? '' : 's'}` : 'Deploy'}
        </button>
      </div>
    </form>
  );
}

function describe(err: Error): string {
  if (!(err instanceof ApiError)) return err.message;
  const [field] = Object.keys(err.fields);
  return field && FIELD_LABELS[field] ? `${FIELD_LABELS[field]}: ${err.message}` : err.message;
}
