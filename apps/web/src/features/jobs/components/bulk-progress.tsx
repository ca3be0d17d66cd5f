import type { Job } from '@labforge/contracts';
import { bulkRows, type BulkRow, type ItemOutcome } from '../utils/bulk-rows.js';
import { statusWords, stepWords } from '../utils/step-words.js';

const OUTCOME_WORDS: Record<ItemOutcome, string> = {
  waiting: 'waiting',
  building: 'building',
  built: 'built',
  failed: 'failed',
};

function outcomeText(row: BulkRow, deploy: boolean): string {
  if (row.outcome === 'failed' && row.error) return `failed: ${row.error}`;
  if (deploy) return DEPLOY_WORDS[row.outcome];
  return OUTCOME_WORDS[row.outcome];
}

/** A class deployment's VMs are copied from a template, not built. */
const DEPLOY_WORDS: Record<ItemOutcome, string> = {
  waiting: 'waiting',
  building: 'being deployed',
  built: 'ready',
  failed: 'failed',
};

function currentText(row: BulkRow, done: string): string {
  // A built VM has no "current" step left: its last one (often a skipped template step) is noise.
  if (row.outcome === 'built') return done;
  return row.current ? `${stepWords(row.current)}: ${statusWords(row.current)}` : '—';
}

/**
 * A bulk job while it runs and after: "12 of 30 built" with a bar, then one row per VM (name,
 * VMID, node, current step, outcome). On narrow screens the rows become stacked cards (CSS).
 */
export function BulkProgress({
  job,
}: {
  job: Pick<Job, 'request' | 'steps' | 'result' | 'status'>;
}) {
  const rows = bulkRows(job);
  if (rows.length === 0) return null;
  const deploy = typeof job.request.template_vmid === 'number';
  const built = rows.filter((r) => r.outcome === 'built').length;
  const failed = rows.filter((r) => r.outcome === 'failed').length;
  const summary = `${built} of ${rows.length} ${deploy ? 'ready' : 'built'}${failed > 0 ? `, ${failed} failed` : ''}`;
  return (
    <div className="bulk-progress">
      <p className="bulk-summary" role="status">
        {summary}
      </p>
      <progress max={rows.length} value={built} aria-label={summary} />
      <div className="table-wrap">
        <table className="stack-on-phone">
          <caption className="visually-hidden">
            {deploy ? 'VMs of this class' : 'VMs of this build'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">VMID</th>
              <th scope="col">Node</th>
              <th scope="col">Current step</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} className={`item-${row.outcome}`}>
                <th scope="row" data-label="Name">
                  {row.name}
                </th>
                <td data-label="VMID">{row.vmid ?? '—'}</td>
                <td data-label="Node">{row.node ?? '—'}</td>
                <td data-label="Current step">{currentText(row, 'all steps done')}</td>
                <td data-label="Outcome">{outcomeText(row, deploy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
