import {
  CPU_FLAGS,
  DISK_BUSES,
  NIC_MODELS,
  SCSI_CONTROLLERS,
  VGA_TYPES,
} from '@labforge/contracts';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import type { BuildFormValues } from '../utils/form-values.js';
import type { IsoEntry } from '../utils/iso-catalogue.js';

const PRESET = 'Preset default';

function Choice({
  name,
  label,
  values,
}: {
  name: keyof BuildFormValues;
  label: string;
  values: readonly string[];
}) {
  const { register, formState } = useFormContext<BuildFormValues>();
  return (
    <Field label={label} error={formState.errors[name]?.message}>
      <select {...register(name)}>
        <option value="">{PRESET}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Toggle({ name, label }: { name: 'numa' | 'tablet' | 'agent' | 'onboot'; label: string }) {
  const { register, formState } = useFormContext<BuildFormValues>();
  return (
    <Field label={label} error={formState.errors[name]?.message}>
      <select {...register(name)}>
        <option value="">{PRESET}</option>
        <option value="on">Enabled</option>
        <option value="off">Disabled</option>
      </select>
    </Field>
  );
}

function Text({
  name,
  label,
  hint,
  type = 'text',
}: {
  name: keyof BuildFormValues;
  label: string;
  hint?: string;
  type?: string;
}) {
  const { register, formState } = useFormContext<BuildFormValues>();
  return (
    <Field label={label} error={formState.errors[name]?.message} hint={hint}>
      <input type={type} autoComplete="off" spellCheck={false} {...register(name)} />
    </Field>
  );
}

/** Every advanced option of the specification; left alone, the OS preset decides. */
export function AdvancedOptions({ virtioCandidates }: { virtioCandidates: IsoEntry[] }) {
  const { register, formState } = useFormContext<BuildFormValues>();
  return (
    <details className="advanced">
      <summary>Advanced</summary>
      <p className="muted">Anything left at “{PRESET}” follows the OS type&apos;s preset.</p>
      <div className="field-grid">
        <Text name="cpu_type" label="CPU type" hint="e.g. host or x86-64-v2-AES" />
        <Text
          name="cpu_flags"
          label="CPU flags"
          hint={`+flag or -flag, separated by spaces; flags: ${CPU_FLAGS.join(', ')}`}
        />
        <Text
          name="cpu_limit"
          label="CPU limit"
          type="number"
          hint="0–128 cores of host time, 0 = unlimited"
        />
        <Toggle name="numa" label="NUMA" />
        <Choice name="bios_type" label="BIOS" values={['seabios', 'ovmf']} />
        <Text name="machine" label="Machine type" hint="pc, q35 or a version such as pc-q35-9.2" />
        <Choice name="vga" label="Display (VGA)" values={VGA_TYPES} />
        <Text name="boot_order" label="Boot order" hint="c = CD, d = disk, n = network, e.g. cdn" />
        <Choice name="scsi_controller" label="SCSI controller" values={SCSI_CONTROLLERS} />
        <Choice name="disk_bus" label="Disk bus" values={DISK_BUSES} />
        <Choice name="nic_model" label="Network card model" values={NIC_MODELS} />
        <Toggle name="tablet" label="Tablet pointer" />
        <Toggle name="agent" label="QEMU guest agent" />
        <Toggle name="onboot" label="Start at boot" />
        <Field
          label="VirtIO drivers ISO"
          error={formState.errors.virtio_iso_file?.message}
          hint="Windows only; by default LabForge finds or downloads virtio-win.iso"
        >
          <select {...register('virtio_iso_file')}>
            <option value="">Automatic</option>
            {virtioCandidates.map((entry) => (
              <option key={entry.key} value={entry.iso.volid}>
                {entry.iso.volid}
              </option>
            ))}
          </select>
        </Field>
        <Text name="vmid" label="VMID" type="number" hint="Leave empty for the next free id" />
      </div>
    </details>
  );
}
