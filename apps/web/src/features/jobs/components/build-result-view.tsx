import type {
  BuildResult,
  BulkResult,
  DeployResult,
  FinaliseResult,
  IsoAddResult,
  ScriptRunJobResult,
  SessionResponse,
} from '@labforge/contracts';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ServerText } from '../../../components/ui/server-text.js';
import { paths } from '../../../lib/paths.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { discWords, isoWords } from '../../../lib/server-words.js';

export type AnyJobResult =
  BuildResult | BulkResult | DeployResult | FinaliseResult | IsoAddResult | ScriptRunJobResult;

/** A run-script job's result: one script's run on each VM (its own view, ScriptRunView). */
export function isScriptRunResult(result: AnyJobResult): result is ScriptRunJobResult {
  return 'script_id' in result;
}

/** A result with one row per VM (a bulk build or a class deployment). */
export function isBulkResult(result: AnyJobResult): result is BulkResult | DeployResult {
  return 'items' in result && !isScriptRunResult(result);
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
export function JobResultView({
  result,
  technical = false,
}: {
  result: AnyJobResult;
  technical?: boolean;
}) {
  // A bulk job's outcome is one row per VM in its progress table (BulkProgress).
  if (isBulkResult(result) || isScriptRunResult(result)) return null;
  if (isFinaliseResult(result)) return <FinaliseResultView result={result} />;
  if (isIsoAddResult(result)) return <IsoAddResultView result={result} />;
  return <BuildResultView result={result} technical={technical} />;
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
        <Fact term="Discs removed">
          {result.ejected.length > 0 ? discWords(result.ejected) : 'none were attached'}
        </Fact>
      </dl>
      <p>Classes can now clone this template.</p>
    </section>
  );
}

/**
 * The Proxmox web UI needs a Proxmox account, which teachers do not have: its link is for
 * administrators, and only when the cluster's `web_ui_url` is configured (the session says so).
 */
function showProxmoxLink(client: ReturnType<typeof useQueryClient>, clusterId: string): boolean {
  const session = client.getQueryData<SessionResponse | null>(queryKeys.session);
  return Boolean(session?.clusters.find((c) => c.id === clusterId)?.proxmox_web_ui);
}

/** The built VM: where it is, how to reach its console, and what to do next. */
export function BuildResultView({
  result,
  technical = false,
}: {
  result: BuildResult;
  technical?: boolean;
}) {
  const proxmoxLink = showProxmoxLink(useQueryClient(), result.cluster_id);
  return (
    <section aria-labelledby="result-title" className="card result">
      <h2 id="result-title">
        {result.template ? 'Template ready' : 'VM ready'}: {result.name}
      </h2>
      <dl className="result-facts">
        <Fact term="VMID">{result.vmid}</Fact>
        <Fact term="Node">{result.node}</Fact>
        <Fact term="Storage">{result.storage}</Fact>
        <Fact term="ISO">{isoWords(result.iso_file)}</Fact>
        {result.virtio_iso_file ? (
          <Fact term="VirtIO drivers">{isoWords(result.virtio_iso_file)}</Fact>
        ) : null}
        <Fact term="State">{result.template ? 'template' : `${result.status} (not started)`}</Fact>
        <Fact term="Why this node">{result.placement.reason}</Fact>
      </dl>
      <p className="result-actions">
        <Link to={paths.myVms} className="button-primary">
          {result.template ? 'Open My VMs' : 'Start it and open the console on My VMs'}
        </Link>
        {!result.template && proxmoxLink ? (
          <a href={result.console_url} target="_blank" rel="noopener noreferrer">
            Open the console in Proxmox
          </a>
        ) : null}
      </p>
      <h3>What to do next</h3>
      <ol>
        {result.next_steps.map((step) => (
          <li key={step}>
            <ServerText text={step} technical={technical} />
          </li>
        ))}
      </ol>
    </section>
  );
}
