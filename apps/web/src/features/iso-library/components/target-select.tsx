import type { IsoTarget } from '@labforge/contracts';
import { formatBytes } from '../../../lib/format.js';

export const targetKey = (t: IsoTarget): string =>
  t.shared ? t.storage : `${t.storage}@${t.nodes[0] ?? ''}`;

export function targetLabel(t: IsoTarget): string {
  const where = t.shared ? 'shared by every node' : `only on ${t.nodes.join(', ')}`;
  return `${t.storage} (${where}, ${formatBytes(t.avail)} free)`;
}

/** Where the ISO goes; storages LabForge may not write to are listed, disabled, with the reason. */
export function TargetSelect({
  id,
  targets,
  value,
  onChange,
  problem,
}: {
  id: string;
  targets: readonly IsoTarget[];
  value: string;
  onChange: (key: string) => void;
  problem: (t: IsoTarget) => string | undefined;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {targets.map((t) => {
        const why = problem(t);
        return (
          <option key={targetKey(t)} value={targetKey(t)} disabled={why !== undefined} title={why}>
            {targetLabel(t)}
            {why ? ' — not allowed' : ''}
          </option>
        );
      })}
    </select>
  );
}
