import { OS_TYPE_LABELS, OS_TYPES, type OsTypeInfo, type Preset } from '@labforge/contracts';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import type { BuildFormValues } from '../utils/form-values.js';

/** One line of what a preset gives: firmware, TPM, drivers, buses. */
export function describePreset(preset: Preset): string {
  const parts = [
    preset.bios === 'ovmf' ? 'UEFI (OVMF)' : 'SeaBIOS',
    preset.efi_disk ? 'EFI disk' : '',
    preset.secure_boot_keys ? 'Secure Boot keys' : '',
    preset.tpm ? 'TPM 2.0' : '',
    preset.virtio_drivers ? 'VirtIO drivers ISO' : '',
    `${preset.machine} machine`,
    `${preset.disk_bus} disk on ${preset.scsihw}`,
    `${preset.nic_model} network`,
    `CPU ${preset.cpu_type}`,
    preset.agent ? 'QEMU guest agent' : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

interface OsTypeFieldProps {
  osTypes: OsTypeInfo[] | undefined;
  suggestion: string | undefined;
  applyPreset: (id: string) => void;
}

export function OsTypeField({ osTypes, suggestion, applyPreset }: OsTypeFieldProps) {
  const { register, watch, formState } = useFormContext<BuildFormValues>();
  const current = watch('os_type');
  const info = osTypes?.find((o) => o.id === current);
  const options =
    osTypes?.map((o) => ({ id: o.id, label: o.label })) ??
    OS_TYPES.map((id) => ({ id, label: OS_TYPE_LABELS[id] }));

  return (
    <Field
      label="OS type"
      error={formState.errors.os_type?.message}
      hint={
        <>
          {suggestion ? <p className="suggestion">{suggestion}</p> : null}
          {info ? (
            <p className="preset-note">
              Preset: {describePreset(info.preset)}
              {info.preset.notes.length > 0 ? `. ${info.preset.notes.join(' ')}` : ''}
            </p>
          ) : null}
        </>
      }
    >
      <select {...register('os_type', { onChange: (e) => applyPreset(String(e.target.value)) })}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
