import type { CatalogueVm } from '@labforge/contracts';
import { Alert } from '../../../components/ui/alert.js';
import { Spinner } from '../../../components/ui/spinner.js';
import { formatDateTime } from '../../../lib/format.js';
import { useCatalogue } from '../api/get-catalogue.js';

function hardware(vm: CatalogueVm): string {
  const parts = [
    vm.cpu_cores !== undefined ? `${vm.cpu_cores} cores` : '',
    vm.memory_mb !== undefined ? `${vm.memory_mb} MB` : '',
    vm.disk_gb !== undefined ? `${vm.disk_gb} GB disk` : '',
  ];
  return parts.filter(Boolean).join(', ') || '—';
}

/** The cluster's templates and the VMs LabForge built, with "Finalise as template" on VMs. */
export function CatalogueTable({ onFinalise }: { onFinalise: (vm: CatalogueVm) => void }) {
  const query = useCatalogue();
  return (
    <section aria-labelledby="catalogue-title" className="card">
      <h2 id="catalogue-title">Templates and built VMs</h2>
      {query.isPending ? <Spinner label="Loading templates…" /> : null}
      {query.error ? (
        <Alert title="Could not load the templates">{query.error.message}</Alert>
      ) : null}
      {query.data && query.data.vms.length === 0 ? (
        <p className="muted">No templates or LabForge-built VMs yet. Build one from scratch.</p>
      ) : null}
      {query.data && query.data.vms.length > 0 ? (
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">VMID</th>
                <th scope="col">Node</th>
                <th scope="col">Kind</th>
                <th scope="col">OS</th>
                <th scope="col">Hardware</th>
                <th scope="col">Built by</th>
                <th scope="col">When</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {query.data.vms.map((vm) => (
                <tr key={`${vm.node}/${vm.vmid}`}>
                  <th scope="row" data-label="Name" className="long-name">
                    {vm.name}
                  </th>
                  <td data-label="VMID">{vm.vmid}</td>
                  <td data-label="Node">{vm.node}</td>
                  <td data-label="Kind">{vm.template ? 'Template' : `VM (${vm.status})`}</td>
                  <td data-label="OS">{vm.os_type ?? '—'}</td>
                  <td data-label="Hardware">{hardware(vm)}</td>
                  <td data-label="Built by">
                    {vm.built_by_name ?? vm.built_by ?? (vm.built_by_labforge ? 'LabForge' : '—')}
                  </td>
                  <td data-label="When">{formatDateTime(vm.built_at)}</td>
                  <td data-label="Actions">
                    {vm.template ? null : (
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => onFinalise(vm)}
                        aria-label={`Finalise ${vm.name} as template`}
                        disabled={Boolean(vm.lock)}
                      >
                        Finalise as template
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
