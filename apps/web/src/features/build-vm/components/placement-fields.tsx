import { useEffect } from 'react';
import { useFormContext } from 'react-hook-form';
import { Field } from '../../../components/ui/field.js';
import { useBridges } from '../api/get-bridges.js';
import { useStorages } from '../api/get-storages.js';
import type { BuildFormValues } from '../utils/form-values.js';
import type { IsoEntry } from '../utils/iso-catalogue.js';
import { StoragePicker, storageProblem } from './storage-picker.js';

interface PlacementFieldsProps {
  selected: IsoEntry | undefined;
  /** The node whose pools and bridges are offered. */
  targetNode: string | undefined;
}

/** Where the VM goes: node (for shared ISOs), storage pool and bridge of that node. */
export function PlacementFields({ selected, targetNode }: PlacementFieldsProps) {
  const { register, watch, setValue, formState } = useFormContext<BuildFormValues>();
  const { errors } = formState;
  const [storage, diskGb, bridge] = watch(['storage', 'disk_size_gb', 'network_bridge']);
  const storages = useStorages(targetNode);
  const bridges = useBridges(targetNode);
  const pools = storages.data?.storages;
  const bridgeList = bridges.data?.bridges;

  // A larger disk can leave the chosen pool without room: fall back to automatic.
  useEffect(() => {
    const chosen = pools?.find((p) => p.storage === storage);
    if (storage && pools && (!chosen || storageProblem(chosen, diskGb))) setValue('storage', '');
  }, [pools, storage, diskGb, setValue]);

  // Keep the bridge one the node really has.
  useEffect(() => {
    const first = bridgeList?.[0];
    if (first && !bridgeList.some((b) => b.iface === bridge))
      setValue('network_bridge', first.iface);
  }, [bridgeList, bridge, setValue]);

  return (
    <>
      {selected ? (
        <div className="placement-note" role="status">
          {selected.node ? (
            <p>
              The VM will be built on node <strong>{selected.node}</strong>, where this ISO is.
            </p>
          ) : (
            <p>
              This ISO is on shared storage {selected.iso.storage}, readable by{' '}
              {selected.nodes.join(', ')}.
            </p>
          )}
        </div>
      ) : null}
      {selected && !selected.node ? (
        <Field label="Build on node" hint="Automatic picks the node with the most room.">
          <select {...register('node', { onChange: () => setValue('storage', '') })}>
            <option value="">Automatic</option>
            {selected.nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <StoragePicker
        node={targetNode}
        storages={pools}
        loading={storages.isLoading}
        loadError={storages.error}
        diskGb={diskGb}
        value={storage}
        onChange={(value) => setValue('storage', value, { shouldDirty: true })}
        error={errors.storage?.message}
      />
      <Field label="Network bridge" error={errors.network_bridge?.message}>
        <select
          name="network_bridge"
          value={bridge}
          onChange={(e) => setValue('network_bridge', e.target.value, { shouldDirty: true })}
        >
          {!bridgeList?.some((b) => b.iface === bridge) ? (
            <option value={bridge}>{bridge}</option>
          ) : null}
          {bridgeList?.map((b) => (
            <option key={b.iface} value={b.iface}>
              {b.iface}
              {b.comments ? ` (${b.comments})` : ''}
              {b.cidr ? ` ${b.cidr}` : ''}
              {b.active ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
