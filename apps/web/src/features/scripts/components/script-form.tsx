import type { GuestScript } from '@labforge/contracts';
import { useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Field } from '../../../components/ui/field.js';
import { Modal } from '../../../components/ui/modal.js';
import { useSaveScript } from '../api/scripts.js';
import {
  EMPTY_SCRIPT,
  formValues,
  parseScriptForm,
  type ScriptFormValues,
} from '../utils/script-form-values.js';
import { VariablesHelp } from './variables-help.js';

const PLACEHOLDER = {
  shell: 'echo "Hello from {name}"\nhostnamectl set-hostname {name}',
  powershell: 'Write-Output "Hello from {name}"\nRename-Computer -NewName {name}',
};

/** New script or edit one: name, language, description, body (monospace), timeout. */
export function ScriptForm({ script, onClose }: { script?: GuestScript; onClose: () => void }) {
  const [values, setValues] = useState<ScriptFormValues>(
    script ? formValues(script) : EMPTY_SCRIPT,
  );
  const [errors, setErrors] = useState<Partial<Record<keyof ScriptFormValues, string>>>({});
  const save = useSaveScript();
  const formRef = useRef<HTMLFormElement>(null);
  const set = (k: keyof ScriptFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseScriptForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      // The first invalid field in reading order gets the focus.
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setErrors({});
    save.mutate(
      { ...(script ? { id: script.id } : {}), input: parsed.input },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal title={script ? `Edit ${script.name}` : 'New script'} onClose={onClose} wide sheet>
      <form ref={formRef} onSubmit={submit} noValidate className="script-form">
        <Field label="Name" error={errors.name}>
          <input value={values.name} onChange={set('name')} maxLength={80} required />
        </Field>
        <Field
          label="Language"
          error={errors.language}
          hint="Shell runs in Linux VMs (/bin/sh), PowerShell in Windows VMs."
        >
          <select value={values.language} onChange={set('language')}>
            <option value="shell">Shell (Linux)</option>
            <option value="powershell">PowerShell (Windows)</option>
          </select>
        </Field>
        <Field label="Description" error={errors.description}>
          <input value={values.description} onChange={set('description')} maxLength={1000} />
        </Field>
        <Field label="Script" error={errors.body} hint={<VariablesHelp />}>
          <textarea
            className="script-body"
            value={values.body}
            onChange={set('body')}
            rows={12}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder={PLACEHOLDER[values.language]}
          />
        </Field>
        <Field
          label="Timeout (seconds)"
          error={errors.timeout_s}
          hint="How long the script may run in each VM (5 to 3600). Waiting for the VM to boot does not count."
        >
          <input
            type="number"
            inputMode="numeric"
            min={5}
            max={3600}
            value={values.timeout_s}
            onChange={set('timeout_s')}
          />
        </Field>
        {save.error ? (
          <Alert title="The script was not saved">
            <p>{save.error.message}</p>
          </Alert>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {script ? 'Save changes' : 'Save script'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
