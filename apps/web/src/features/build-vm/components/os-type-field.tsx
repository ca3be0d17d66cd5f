import { OS_TYPE_LABELS, OS_TYPES, type OsTypeInfo, type Preset } from '@labforge/contracts';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import type { BuildFormValues } from '../utils/form-values.js';

/**
 * One line of what a preset gives, in a teacher's words (the Proxmox names behind each part are
 * in the Advanced options): firmware, TPM, drivers, how fast the disk and network are.
 */
export function describePreset(preset: Preset): string {
  const virtioDisk = preset.disk_bus === 'scsi' && preset.scsihw.startsWith('virtio');
  const parts = [
    preset.bios === 'ovmf'
      ? `UEFI${preset.secure_boot_keys ? ' with Secure Boot keys' : ''}`
      : 'Classic BIOS',
    preset.tpm ? 'TPM 2.0' : '',
    preset.virtio_drivers ? 'Windows drivers disc (VirtIO) attached' : '',
    preset.machine === 'q35' ? 'modern chipset (q35)' : 'standard chipset',
    virtioDisk ? 'fast virtual disk (VirtIO SCSI)' : `${preset.disk_bus.toUpperCase()} disk`,
    preset.nic_model === 'virtio'
      ? 'fast network card (VirtIO)'
      : `${preset.nic_model} network card`,
    preset.agent ? 'guest agent enabled' : '',
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
