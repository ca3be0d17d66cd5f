import type { Storage } from '@labforge/contracts';
import { useId } from 'react';
import { FieldError } from '../../../components/ui/field.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatBytes, GIB } from '../../../lib/format.js';

/** Why a pool cannot take the disk, or undefined when it can. */
export function storageProblem(storage: Storage, diskGb: number): string | undefined {
  if (!storage.active) return 'inactive on this node';
  if (!storage.content.includes('images')) return 'does not hold VM disks';
  if (!storage.thin && Number.isFinite(diskGb) && storage.avail < diskGb * GIB) {
    return `not enough room for a ${diskGb} GB disk`;
  }
  return undefined;
}

interface StoragePickerProps {
  node: string | undefined;
  storages: Storage[] | undefined;
  loading: boolean;
  loadError: Error | null;
  diskGb: number;
  value: string;
  onChange: (storage: string) => void;
  error?: string | undefined;
}

/** Pools of the build node with a free-space bar each; a pool without room cannot be chosen. */
export function StoragePicker(props: StoragePickerProps) {
  const { node, storages, loading, loadError, diskGb, value, onChange, error } = props;
  const labelId = useId();
  const errorId = useId();
  return (
    <div className="field storage-picker">
      <span id={labelId} className="label">
        Storage pool
      </span>
      <div
        role="radiogroup"
        aria-labelledby={labelId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        <div className="storage-option">
          <label>
            <input
              type="radio"
              name="storage-choice"
              value=""
              checked={value === ''}
              onChange={() => onChange('')}
            />
            <span>Automatic (the pool with the most free space)</span>
          </label>
        </div>
        {!node ? (
          <p className="muted">Choose an ISO image first: pools depend on the node.</p>
        ) : null}
        {node && loading ? <Spinner label={`Loading storage pools of ${node}…`} /> : null}
        {loadError ? (
          <p role="alert" className="field-error">
            Could not list the storage pools of {node}: {loadError.message}
          </p>
        ) : null}
        {storages?.map((storage) => (
          <StorageOption
            key={storage.storage}
            storage={storage}
            diskGb={diskGb}
            checked={value === storage.storage}
            onChange={onChange}
          />
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </div>
  );
}

function StorageOption({
  storage,
  diskGb,
  checked,
  onChange,
}: {
  storage: Storage;
  diskGb: number;
  checked: boolean;
  onChange: (storage: string) => void;
}) {
  const metaId = useId();
  const problem = storageProblem(storage, diskGb);
  const overcommit = storage.thin && storage.avail < diskGb * GIB;
  const usedPercent = storage.total > 0 ? Math.round((storage.used / storage.total) * 100) : 0;
  return (
    <div className={problem ? 'storage-option unavailable' : 'storage-option'}>
      <label>
        <input
          type="radio"
          name="storage-choice"
          value={storage.storage}
          checked={checked}
          disabled={Boolean(problem)}
          onChange={() => onChange(storage.storage)}
          aria-describedby={metaId}
        />
        <span className="storage-name">{storage.storage}</span>
      </label>
      <div id={metaId} className="storage-meta">
        <meter
          min={0}
          max={storage.total || 1}
          value={storage.used}
          low={(storage.total || 1) * 0.7}
          high={(storage.total || 1) * 0.9}
          optimum={0}
          aria-label={`${storage.storage}: ${usedPercent}% used`}
        />
        <span>
          {formatBytes(storage.avail)} free of {formatBytes(storage.total)} ({storage.type}
          {storage.shared ? ', shared' : ''}
          {storage.thin ? ', thin' : ''})
        </span>
        {problem ? <span className="storage-problem">Unavailable: {problem}</span> : null}
        {overcommit ? (
          <span className="storage-warning">
            Thin pool: a {diskGb} GB disk overcommits the free space
          </span>
        ) : null}
      </div>
    </div>
  );
}
