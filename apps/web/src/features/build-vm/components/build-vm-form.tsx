import { expandNamePattern, guessOsType, OS_TYPE_LABELS, osTypeSchema } from '@labforge/contracts';
import { useId, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import { ApiError } from '../../../lib/api-client.js';
import { useCreateBuild } from '../api/create-build.js';
import { useOsTypes } from '../api/get-os-types.js';
import { usePreflightBuild } from '../api/preflight-build.js';
import { useIsoCatalogue } from '../hooks/use-iso-catalogue.js';
import { buildResolver } from '../utils/build-resolver.js';
import { formFieldFor, humanizeMessage } from '../utils/field-labels.js';
import {
  defaultBuildFormValues,
  toSubmission,
  type BuildFormValues,
} from '../utils/form-values.js';
import { entryKey, type IsoEntry } from '../utils/iso-catalogue.js';
import { AdvancedOptions } from './advanced-options.js';
import { BulkOptions } from './bulk-options.js';
import { HardwareFields } from './hardware-fields.js';
import { IsoPicker } from './iso-picker.js';
import { OsTypeField } from './os-type-field.js';
import { PlacementFields } from './placement-fields.js';
import { PreflightReport } from './preflight-report.js';
import { ServerError } from './server-error.js';

/** The first field marked invalid, in the order the teacher reads the form (the ISO list too). */
function patternPreview(pattern: string): string {
  return /\{n{1,3}\}/.test(pattern) ? expandNamePattern(pattern, 1) : 'number 1';
}

function focusFirstInvalid(form: HTMLFormElement | null) {
  // After React has rendered the messages (aria-invalid is set then).
  requestAnimationFrame(() => {
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    // A list (the ISO listbox, the storage radios) takes focus on its chosen or first item.
    const role = first.getAttribute('role');
    const item =
      role === 'listbox'
        ? (first.querySelector<HTMLElement>('[role="option"][aria-selected="true"]') ??
          first.querySelector<HTMLElement>('[role="option"]'))
        : role === 'radiogroup'
          ? (first.querySelector<HTMLElement>('input:checked') ??
            first.querySelector<HTMLElement>('input[type="radio"]'))
          : null;
    const target = item ?? first;
    target.focus();
  });
}

export function BuildVmForm({
  onStarted,
  technical = false,
}: {
  onStarted: (jobId: string) => void;
  /** Admins: the dry run's technical lines behind "Details". */
  technical?: boolean;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<BuildFormValues>({
    resolver: buildResolver,
    defaultValues: defaultBuildFormValues,
    // Focus goes to the first invalid field in reading order (below), ISO list included.
    shouldFocusError: false,
  });
  const { register, watch, setValue, setError, getFieldState, formState } = form;
  const { errors } = formState;
  const { nodesQuery, catalogue } = useIsoCatalogue();
  const osTypes = useOsTypes();
  const build = useCreateBuild();
  const preflight = usePreflightBuild();
  const [suggestion, setSuggestion] = useState<string>();
  const checkHintId = useId();

  const [isoFile, isoNode, pinnedNode, bulk, count, pattern] = watch([
    'iso_file',
    'iso_node',
    'node',
    'bulk',
    'count',
    'name_pattern',
  ]);
  const selectedKey = isoFile ? entryKey(isoFile, isoNode || null) : undefined;
  const selected = catalogue.entries.find((e) => e.key === selectedKey);
  const targetNode = selected?.node ?? (pinnedNode || selected?.nodes[0]);
  const virtioCandidates = catalogue.entries.filter(
    (e) => /virtio/i.test(e.iso.name) && (!targetNode || e.nodes.includes(targetNode)),
  );

  // The preset's hardware becomes the default, unless the teacher already typed a value.
  function applyPreset(id: string) {
    const preset = osTypes.data?.os_types.find((o) => o.id === id)?.preset;
    if (!preset) return;
    for (const key of ['cpu_cores', 'memory_mb', 'disk_size_gb'] as const) {
      if (!getFieldState(key, formState).isDirty) setValue(key, preset[key]);
    }
  }

  function chooseIso(entry: IsoEntry) {
    setValue('iso_file', entry.iso.volid, { shouldValidate: formState.isSubmitted });
    setValue('iso_node', entry.node ?? '');
    setValue(
      'iso_ambiguous',
      catalogue.entries.some((e) => e.iso.volid === entry.iso.volid && e.key !== entry.key),
    );
    setValue('node', '');
    setValue('storage', '');
    const hint = osTypeSchema.safeParse(entry.iso.os_hint);
    const guess = hint.success ? hint.data : guessOsType(entry.iso.name);
    if (!guess) return setSuggestion(undefined);
    const label = OS_TYPE_LABELS[guess];
    if (getFieldState('os_type', formState).isDirty) {
      setSuggestion(`The ISO name suggests ${label}.`);
    } else {
      setValue('os_type', guess);
      applyPreset(guess);
      setSuggestion(`${label} was suggested from the ISO name.`);
    }
  }

  const onInvalid = () => focusFirstInvalid(formRef.current);

  // A class is checked through its first VM: every VM of it gets the same configuration.
  const onCheck = form.handleSubmit((values) => {
    const submission = toSubmission(values);
    if (submission.kind === 'single') return preflight.mutate(submission.body);
    const { count: _count, name_pattern, start_index: _start, ...rest } = submission.body;
    preflight.mutate({ ...rest, vm_name: expandNamePattern(name_pattern, 1) });
  }, onInvalid);

  const onSubmit = form.handleSubmit((values) => {
    build.mutate(toSubmission(values), {
      onSuccess: onStarted,
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        for (const [field, message] of Object.entries(error.fields)) {
          const target = formFieldFor(field);
          if (target !== 'root') setError(target, { message: humanizeMessage(field, message) });
        }
        focusFirstInvalid(formRef.current);
      },
    });
  }, onInvalid);
  const buildLabel =
    bulk && Number.isInteger(count) && count >= 1 ? `Build ${count} VMs` : 'Build VM';

  return (
    <FormProvider {...form}>
      <form
        ref={formRef}
        className="build-form"
        onSubmit={onSubmit}
        noValidate
        aria-label="Build from Scratch"
      >
        {bulk ? null : (
          <Field
            label="VM name"
            error={errors.vm_name?.message}
            hint="A DNS name such as ubuntu-test"
          >
            <input type="text" autoComplete="off" spellCheck={false} {...register('vm_name')} />
          </Field>
        )}
        <BulkOptions />
        <IsoPicker
          catalogue={catalogue}
          nodesLoading={nodesQuery.isLoading}
          nodesError={nodesQuery.error}
          selectedKey={selectedKey}
          onSelect={chooseIso}
          error={errors.iso_file?.message}
        />
        <OsTypeField
          osTypes={osTypes.data?.os_types}
          suggestion={suggestion}
          applyPreset={applyPreset}
        />
        <PlacementFields selected={selected} targetNode={targetNode} />
        <HardwareFields />
        <label className="checkbox">
          <input type="checkbox" {...register('convert_to_template')} />
          Convert to template after creation
        </label>
        <AdvancedOptions virtioCandidates={virtioCandidates} />
        {preflight.data ? <PreflightReport report={preflight.data} technical={technical} /> : null}
        {preflight.error ? <ServerError error={preflight.error} /> : null}
        {build.error ? <ServerError error={build.error} /> : null}
        <div className="form-actions">
          <button
            type="button"
            onClick={onCheck}
            disabled={preflight.isPending}
            aria-describedby={bulk ? checkHintId : undefined}
          >
            {preflight.isPending ? 'Checking…' : 'Check without building'}
          </button>
          <button type="submit" className="button-primary" disabled={build.isPending}>
            {build.isPending ? 'Starting the build…' : buildLabel}
          </button>
        </div>
        {bulk ? (
          <p id={checkHintId} className="field-hint form-actions-hint">
            The check looks at the first VM ({patternPreview(pattern)}); the others get the same
            settings.
          </p>
        ) : null}
      </form>
    </FormProvider>
  );
}
