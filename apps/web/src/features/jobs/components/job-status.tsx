import type { JobState } from '@labforge/contracts';

const LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function JobStatusBadge({ status }: { status: JobState }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}

/** The name a teacher recognises a job by: the VM name or the bulk pattern. */
export function jobTitle(request: Record<string, unknown>, kind: string): string {
  if (typeof request.vm_name === 'string') return request.vm_name;
  if (typeof request.name_pattern === 'string')
    return `${request.name_pattern} ×${String(request.count ?? '?')}`;
  if (typeof request.vmid === 'number') return `VM ${request.vmid}`;
  if (typeof request.filename === 'string') return request.filename;
  if (typeof request.url === 'string') return request.url.split('/').pop() ?? request.url;
  return kind;
}
