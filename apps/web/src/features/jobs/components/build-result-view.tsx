import type { BuildResult, BulkResult, FinaliseResult, IsoAddResult } from '@labforge/contracts';
import type { ReactNode } from 'react';

export type AnyJobResult = BuildResult | BulkResult | FinaliseResult | IsoAddResult;

export function isBulkResult(result: AnyJobResult): result is BulkResult {
  return 'items' in result;
}

export function isIsoAddResult(result: AnyJobResult): result is IsoAddResult {
  return 'volid' in result;
}

export function isFinaliseResult(result: AnyJobResult): result is FinaliseResult {
  return 'ejected' in result;
}

/** One term and its value in a result's fact list. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Picks the view for whichever kind of job produced the result. */
export function JobResultView({ result }: { result: AnyJobResult }) {
  if (isBulkResult(result)) return <BulkResultView result={result} />;
  if (isFinaliseResult(result)) return <FinaliseResultView result={result} />;
  if (isIsoAddResult(result)) return <IsoAddResultView result={result} />;
  return <BuildResultView result={result} />;
}

export function IsoAddResultView({ result }: { result: IsoAddResult }) {
  return (
    <section aria-labelledby="iso-added-title" className="card result">
      <h2 id="iso-added-title">ISO ready: {result.volid.replace(/^[^:]*:iso\//, '')}</h2>
      <dl className="result-facts">
        <Fact term="Storage">
          {result.shared ? `${result.storage} (all nodes)` : `${result.storage} on ${result.node}`}
        </Fact>
        <Fact term="Checksum">
          {result.checksum_verified ? `${result.checksum_algorithm ?? ''} verified` : 'not checked'}
        </Fact>
      </dl>
    </section>
  );
}

export function FinaliseResultView({ result }: { result: FinaliseResult }) {
  return (
    <section aria-labelledby="finalise-title" className="card result">
      <h2 id="finalise-title">Template ready: VM {result.vmid}</h2>
      <dl className="result-facts">
        <Fact term="VMID">{result.vmid}</Fact>
        <Fact term="Node">{result.node}</Fact>
        <Fact term="Ejected">
          {result.ejected.length > 0 ? result.ejected.join(', ') : 'nothing'}
        </Fact>
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
        <Fact term="VMID">{result.vmid}</Fact>
        <Fact term="Node">{result.node}</Fact>
        <Fact term="Storage">{result.storage}</Fact>
        <Fact term="ISO">{result.iso_file}</Fact>
        {result.virtio_iso_file ? (
          <Fact term="VirtIO drivers">{result.virtio_iso_file}</Fact>
        ) : null}
        <Fact term="State">{result.template ? 'template' : `${result.status} (not started)`}</Fact>
        <Fact term="Why this node">{result.placement.reason}</Fact>
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
