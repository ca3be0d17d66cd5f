import type { BuildResult, BulkResult, FinaliseResult } from '@labforge/contracts';

export type AnyJobResult = BuildResult | BulkResult | FinaliseResult;

export function isBulkResult(result: AnyJobResult): result is BulkResult {
  return 'items' in result;
}

export function isFinaliseResult(result: AnyJobResult): result is FinaliseResult {
  return 'ejected' in result;
}

/** Picks the view for whichever kind of job produced the result. */
export function JobResultView({ result }: { result: AnyJobResult }) {
  if (isBulkResult(result)) return <BulkResultView result={result} />;
  if (isFinaliseResult(result)) return <FinaliseResultView result={result} />;
  return <BuildResultView result={result} />;
}

export function FinaliseResultView({ result }: { result: FinaliseResult }) {
  return (
    <section aria-labelledby="finalise-title" className="card result">
      <h2 id="finalise-title">Template ready: VM {result.vmid}</h2>
      <dl className="result-facts">
        <div>
          <dt>VMID</dt>
          <dd>{result.vmid}</dd>
        </div>
        <div>
          <dt>Node</dt>
          <dd>{result.node}</dd>
        </div>
        <div>
          <dt>Ejected</dt>
          <dd>{result.ejected.length > 0 ? result.ejected.join(', ') : 'nothing'}</dd>
        </div>
      </dl>
      <p>Classes can now clone this template.</p>
    </section>
  );
}

/** The built VM: where it is, how to reach its console, and what to do next. */
export function BuildResultView({ result }: { result: BuildResult }) {
  return (
    <section aria-labelledby="result-title" className="card result">
      <h2 id="result-title">
        {result.template ? 'Template ready' : 'VM ready'}: {result.name}
      </h2>
      <dl className="result-facts">
        <div>
          <dt>VMID</dt>
          <dd>{result.vmid}</dd>
        </div>
        <div>
          <dt>Node</dt>
          <dd>{result.node}</dd>
        </div>
        <div>
          <dt>Storage</dt>
          <dd>{result.storage}</dd>
        </div>
        <div>
          <dt>ISO</dt>
          <dd>{result.iso_file}</dd>
        </div>
        {result.virtio_iso_file ? (
          <div>
            <dt>VirtIO drivers</dt>
            <dd>{result.virtio_iso_file}</dd>
          </div>
        ) : null}
        <div>
          <dt>State</dt>
          <dd>{result.template ? 'template' : `${result.status} (not started)`}</dd>
        </div>
        <div>
          <dt>Why this node</dt>
          <dd>{result.placement.reason}</dd>
        </div>
      </dl>
      {result.template ? null : (
        <p>
          <a
            href={result.console_url}
            target="_blank"
            rel="noopener noreferrer"
            className="button-primary"
          >
            Open the console in Proxmox
          </a>
        </p>
      )}
      <h3>What to do next</h3>
      <ol>
        {result.next_steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </section>
  );
}

export function BulkResultView({ result }: { result: BulkResult }) {
  return (
    <section aria-labelledby="bulk-title" className="card result">
      <h2 id="bulk-title">
        {result.succeeded} built, {result.failed} failed
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">VMID</th>
            <th scope="col">Node</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr key={item.index}>
              <td>{item.name}</td>
              <td>{item.vmid ?? '—'}</td>
              <td>{item.node ?? '—'}</td>
              <td>{item.ok ? 'built' : `failed: ${item.error ?? 'unknown error'}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
