import { useId } from 'react';
import { targetProblem, type IsoSource } from '../hooks/use-iso-source.js';
import { ChecksumFields } from './checksum-fields.js';
import { TargetSelect } from './target-select.js';

/**
 * The fields the download and the upload form share: the file name (checked with the API's own
 * rule as it is typed), the checksum, and the storage it goes to.
 */
export function IsoSourceFields({
  source,
  nameLabel,
  namePlaceholder,
  disabled,
}: {
  source: IsoSource;
  nameLabel: string;
  namePlaceholder?: string;
  /** While the file travels, its name stays as it is. */
  disabled: boolean;
}) {
  const id = useId();
  const { nameProblem, chosen } = source;
  const chosenProblem = chosen ? targetProblem(source.kind, chosen) : undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-name`}>{nameLabel}</label>
        <input
          id={`${id}-name`}
          value={source.filename}
          onChange={(e) => source.setFilename(e.target.value.trim())}
          placeholder={namePlaceholder}
          disabled={disabled}
          aria-invalid={nameProblem ? true : undefined}
        />
        {nameProblem ? (
          <p role="alert" className="field-error">
            {nameProblem}
          </p>
        ) : null}
      </div>
      <ChecksumFields
        checksum={source.checksum}
        algorithm={source.algorithm}
        onChecksum={source.setChecksum}
        onAlgorithm={source.setAlgorithm}
      />
      <div className="field">
        <label htmlFor={`${id}-target`}>Store it on</label>
        <TargetSelect
          id={`${id}-target`}
          targets={source.targets}
          value={source.target}
          onChange={source.setTarget}
          problem={(t) => targetProblem(source.kind, t)}
        />
        {chosenProblem ? <p className="field-error">{chosenProblem}</p> : null}
      </div>
    </>
  );
}
