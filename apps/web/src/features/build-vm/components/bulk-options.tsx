import { expandNamePattern, NAME_PATTERN_PATTERN } from '@labforge/contracts';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import type { BuildFormValues } from '../utils/form-values.js';

/** Several VMs with one configuration: a count and a name pattern such as lab-{nn}. */
export function BulkOptions() {
  const { register, watch, formState } = useFormContext<BuildFormValues>();
  const { errors } = formState;
  const [bulk, count, pattern] = watch(['bulk', 'count', 'name_pattern']);
  const preview =
    NAME_PATTERN_PATTERN.test(pattern) && Number.isInteger(count) && count >= 1
      ? [1, 2, count]
          .filter((n, i, all) => n <= count && all.indexOf(n) === i)
          .map((n) => expandNamePattern(pattern, n))
          .join(', ')
      : undefined;
  return (
    <div className="bulk-options">
      <label className="checkbox">
        <input type="checkbox" {...register('bulk')} />
        Build several VMs at once
      </label>
      {bulk ? (
        <div className="field-row">
          <Field label="Number of VMs" error={errors.count?.message} hint="1–50">
            <input type="number" min={1} max={50} {...register('count', { valueAsNumber: true })} />
          </Field>
          <Field
            label="Name pattern"
            error={errors.name_pattern?.message}
            hint={
              preview
                ? `{n}, {nn} or {nnn} is the number: ${preview}`
                : '{n}, {nn} or {nnn} is replaced by the number, e.g. lab-{nn}'
            }
          >
            <input
              type="text"
              autoComplete="off"
              spellCheck={false}
              {...register('name_pattern')}
            />
          </Field>
        </div>
      ) : null}
    </div>
  );
}
