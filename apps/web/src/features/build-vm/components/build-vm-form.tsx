import { guessOsType, OS_TYPE_LABELS, osTypeSchema } from '@labforge/contracts';
import { useState } from 'react';
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

export function BuildVmForm({ onStarted }: { onStarted: (jobId: string) => void }) {
  const form = useForm<BuildFormValues>({
    resolver: buildResolver,
    defaultValues: defaultBuildFormValues,
  });
  const { register, watch, setValue, setError, getFieldState, formState } = form;
  const { errors } = formState;
  const { nodesQuery, catalogue } = useIsoCatalogue();
  const osTypes = useOsTypes();
  const build = useCreateBuild();
  const preflight = usePreflightBuild();
  const [suggestion, setSuggestion] = useState<string>();

  const [isoFile, isoNode, pinnedNode, bulk] = watch(['iso_file', 'iso_node', 'node', 'bulk']);
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

  const onCheck = form.handleSubmit((values) => {
    const submission = toSubmission(values);
    if (submission.kind === 'single') preflight.mutate(submission.body);
  });

  const onSubmit = form.handleSubmit((values) => {
    build.mutate(toSubmission(values), {
      onSuccess: onStarted,
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        for (const [field, message] of Object.entries(error.fields)) {
          const target = formFieldFor(field);
          if (target !== 'root') setError(target, { message: humanizeMessage(field, message) });
        }
      },
    });
  });

  return (
    <FormProvider {...form}>
      <form className="build-form" onSubmit={onSubmit} noValidate aria-label="Build from Scratch">
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
        {preflight.data ? <PreflightReport report={preflight.data} /> : null}
        {preflight.error ? <ServerError error={preflight.error} /> : null}
        {build.error ? <ServerError error={build.error} /> : null}
        <div className="form-actions">
          {bulk ? null : (
            <button type="button" onClick={onCheck} disabled={preflight.isPending}>
              {preflight.isPending ? 'Checking…' : 'Check without building'}
            </button>
          )}
          <button type="submit" className="button-primary" disabled={build.isPending}>
            {build.isPending ? 'Starting the build…' : 'Build VM'}
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
