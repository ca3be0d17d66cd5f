import { isoNameProblem, type ChecksumAlgorithm, type IsoTarget } from '@labforge/contracts';
import { useState } from 'react';
import { targetKey } from '../components/target-select.js';

export type IsoSourceKind = 'download' | 'upload';

/** Why LabForge may not put a downloaded or uploaded ISO on this storage (none: it may). */
export function targetProblem(kind: IsoSourceKind, t: IsoTarget): string | undefined {
  return kind === 'download' ? t.download_problem : t.upload_problem;
}

/**
 * What the download and the upload form both ask: the file name, the checksum and where the ISO
 * goes (the first storage LabForge may write to is chosen to begin with).
 */
export function useIsoSource(targets: readonly IsoTarget[], kind: IsoSourceKind) {
  const firstOk = targets.find((t) => !targetProblem(kind, t));
  const [filename, setFilename] = useState('');
  const [checksum, setChecksum] = useState('');
  const [algorithm, setAlgorithm] = useState<ChecksumAlgorithm>('sha256');
  const [target, setTarget] = useState(firstOk ? targetKey(firstOk) : '');
  const chosen = targets.find((t) => targetKey(t) === target);
  return {
    kind,
    targets,
    filename,
    setFilename,
    checksum,
    setChecksum,
    algorithm,
    setAlgorithm,
    target,
    setTarget,
    chosen,
    nameProblem: filename ? isoNameProblem(filename) : undefined,
    /** The request's storage and node: a shared storage needs no node. */
    placement: chosen
      ? { storage: chosen.storage, node: chosen.shared ? undefined : chosen.nodes[0] }
      : undefined,
  };
}

export type IsoSource = ReturnType<typeof useIsoSource>;
