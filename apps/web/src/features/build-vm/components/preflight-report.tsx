import type { PreflightResponse } from '@labforge/contracts';
import { ServerText } from '../../../components/ui/server-text.js';
import { serverWords } from '../../../lib/server-words.js';
import { checkWords } from '../utils/check-words.js';

/**
 * What the dry run found, announced politely when it arrives, in a teacher's words. Admins also
 * get "Details": the server's technical lines (privileges, parameter counts) and the config.
 */
export function PreflightReport({
  report,
  technical,
}: {
  report: PreflightResponse;
  technical: boolean;
}) {
  return (
    <section className="card preflight" role="status" aria-label="Check result">
      <p className="alert-title">
        {report.would_succeed
          ? `This build would succeed${report.placement ? ` on ${report.placement.node}` : ''}.`
          : 'This build would fail.'}
      </p>
      {report.placement ? <p>{report.placement.reason}</p> : null}
      <ul className="checks">
        {report.checks.map((check) => (
          <li key={check.name} className={check.ok ? 'check-ok' : 'check-failed'}>
            <span aria-hidden="true">{check.ok ? '✓ ' : '✗ '}</span>
            <span className="visually-hidden">{check.ok ? 'Passed: ' : 'Failed: '}</span>
            {serverWords(checkWords(check)).words}
          </li>
        ))}
      </ul>
      {report.placement && report.placement.rejected.length > 0 ? (
        <ul className="muted">
          {report.placement.rejected.map((r) => (
            <li key={r.node}>
              Not {r.node}: {serverWords(r.reasons.join('; ')).words}
            </li>
          ))}
        </ul>
      ) : null}
      {report.warnings.map((w) => (
        // A div: the admins' "Details" disclosure may not sit inside a paragraph.
        <div key={w} className="storage-warning">
          <ServerText text={w} technical={technical} />
        </div>
      ))}
      {technical ? (
        <details className="tech-details">
          <summary>Details</summary>
          <ul className="checks">
            {report.checks.map((check) => (
              <li key={check.name}>
                <code>{check.name}</code>: {check.message}
              </li>
            ))}
          </ul>
          {Object.keys(report.config).length > 0 ? (
            <>
              <h3>Proxmox configuration it would create</h3>
              <dl className="details">
                {Object.entries(report.config).map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{String(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </details>
      ) : null}
    </section>
  );
}
