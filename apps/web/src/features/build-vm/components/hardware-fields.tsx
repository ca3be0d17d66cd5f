import { HARDWARE_LIMITS } from '@labforge/contracts';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import type { BuildFormValues } from '../utils/form-values.js';

const { cpu_cores: cpu, memory_mb: mem, disk_size_gb: disk } = HARDWARE_LIMITS;

export function HardwareFields() {
  const { register, formState } = useFormContext<BuildFormValues>();
  const { errors } = formState;
  return (
    <div className="field-row">
      <Field label="CPU cores" error={errors.cpu_cores?.message} hint={`${cpu.min}–${cpu.max}`}>
        <input
          type="number"
          min={cpu.min}
          max={cpu.max}
          {...register('cpu_cores', { valueAsNumber: true })}
        />
      </Field>
      <Field
        label="Memory (MB)"
        error={errors.memory_mb?.message}
        hint={`${mem.min}–${mem.max} MB`}
      >
        <input
          type="number"
          min={mem.min}
          max={mem.max}
          step={256}
          {...register('memory_mb', { valueAsNumber: true })}
        />
      </Field>
      <Field
        label="Disk size (GB)"
        error={errors.disk_size_gb?.message}
        hint={`${disk.min}–${disk.max} GB`}
      >
        <input
          type="number"
          min={disk.min}
          max={disk.max}
          {...register('disk_size_gb', { valueAsNumber: true })}
        />
      </Field>
    </div>
  );
}
