import type { PreflightResponse } from '@labforge/contracts';

/** What the dry run found, announced politely when it arrives. */
export function PreflightReport({ report }: { report: PreflightResponse }) {
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
            {check.message}
          </li>
        ))}
      </ul>
      {report.placement && report.placement.rejected.length > 0 ? (
        <ul className="muted">
          {report.placement.rejected.map((r) => (
            <li key={r.node}>
              Not {r.node}: {r.reasons.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
      {Object.keys(report.config).length > 0 ? (
        <details>
          <summary>Proxmox configuration it would create</summary>
          <dl className="details">
            {Object.entries(report.config).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      {report.warnings.map((w) => (
        <p key={w} className="storage-warning">
          {w}
        </p>
      ))}
    </section>
  );
}
