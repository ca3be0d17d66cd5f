import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '@labforge/contracts';
import { useId } from 'react';

/** Optional checksum and its algorithm; the page explains what leaving it out means. */
export function ChecksumFields({
  checksum,
  algorithm,
  onChecksum,
  onAlgorithm,
}: {
  checksum: string;
  algorithm: ChecksumAlgorithm;
  onChecksum: (v: string) => void;
  onAlgorithm: (v: ChecksumAlgorithm) => void;
}) {
  const id = useId();
  return (
    <div className="checksum-fields">
      <div className="field">
        <label htmlFor={`${id}-sum`}>Checksum (optional)</label>
        <input
          id={`${id}-sum`}
          value={checksum}
          onChange={(e) => onChecksum(e.target.value.trim())}
          spellCheck={false}
          autoComplete="off"
          placeholder="from the download page, e.g. SHA256SUMS"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-alg`}>Checksum type</label>
        <select
          id={`${id}-alg`}
          value={algorithm}
          onChange={(e) => onAlgorithm(e.target.value as ChecksumAlgorithm)}
        >
          {CHECKSUM_ALGORITHMS.map((a) => (
            <option key={a} value={a}>
              {a.toUpperCase().replace('SHA', 'SHA-')}
            </option>
          ))}
        </select>
      </div>
      {checksum === '' ? (
        <p className="field-hint warning-text">
          Without a checksum nobody checks that the file is complete and the one you meant.
        </p>
      ) : null}
    </div>
  );
}
