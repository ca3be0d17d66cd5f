import { useId } from 'react';
import { Field } from '../../../components/ui/field.js';
import { usePools } from '../api/pools.js';

interface Props {
  clusterId: string;
  value: string;
  onChange: (pool: string) => void;
  error?: string | undefined;
}

/**
 * The Proxmox pool the class's VMs join: a choice of the cluster's pools ("No pool" first). When
 * LabForge cannot list them all (Proxmox shows its account only the pools it may audit, and
 * hides the rest without an error) or not at all, the pool's name is typed instead, with the
 * pools it did see as suggestions.
 */
export function PoolField({ clusterId, value, onChange, error }: Props) {
  const pools = usePools(clusterId);
  const listId = useId();
  const data = pools.data;

  // Most clusters let LabForge see every pool: the choice shows (disabled) while they load.
  if (pools.isPending || data?.complete) {
    return (
      <Field
        label="Proxmox pool"
        error={error}
        hint={pools.isPending ? 'Optional. Reading the Proxmox pools…' : 'Optional'}
      >
        <select value={value} disabled={pools.isPending} onChange={(e) => onChange(e.target.value)}>
          <option value="">No pool</option>
          {(data?.pools ?? []).map((p) => (
            <option key={p.poolid} value={p.poolid}>
              {p.comment ? `${p.poolid} (${p.comment})` : p.poolid}
            </option>
          ))}
        </select>
      </Field>
    );
  }

  const seen = data?.pools ?? [];
  const hint = data
    ? `Optional. LabForge may not see every pool in Proxmox, so type the pool's name (empty: no pool).${seen.length > 0 ? ` Pools it can see: ${seen.map((p) => p.poolid).join(', ')}.` : ''}`
    : "Optional. LabForge could not read the Proxmox pools: type the pool's name if the class should go in one (empty: no pool).";
  return (
    <>
      <Field label="Proxmox pool" error={error} hint={hint}>
        <input
          value={value}
          autoComplete="off"
          list={seen.length > 0 ? listId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
      {seen.length > 0 ? (
        <datalist id={listId}>
          {seen.map((p) => (
            <option key={p.poolid} value={p.poolid}>
              {p.comment}
            </option>
          ))}
        </datalist>
      ) : null}
    </>
  );
}
