import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { serverWords } from '../../../lib/server-words.js';
import { ApiError } from '../../../lib/api-client.js';
import { formatBytes } from '../../../lib/format.js';
import { paths } from '../../../lib/paths.js';

const TITLES: Record<number, string> = {
  0: 'The LabForge server cannot be reached',
  400: 'The server refused the request',
  401: 'Your session has ended: sign in again',
  403: 'You are not allowed to build VMs',
  404: 'Something the build needs was not found',
  409: 'The cluster is busy with this VM or ID',
  422: 'The cluster cannot take this build',
  502: 'Proxmox did not answer',
  507: 'Not enough storage space',
};

const BYTE_KEYS = /(bytes|avail|free|needed|required|size|total|used)/i;

function show(key: string, value: unknown): string {
  if (typeof value === 'number' && BYTE_KEYS.test(key) && value >= 1024 * 1024) {
    return formatBytes(value);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The server's refusal in plain words, with its details (storage, node, space…). */
export function ServerError({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : -1;
  const details =
    error instanceof ApiError
      ? Object.entries(error.details).filter(([key]) => key !== 'fields')
      : [];
  return (
    <Alert title={TITLES[status] ?? 'The build could not start'}>
      <p>{serverWords(error.message, 'Proxmox refused these settings.').words}</p>
      {/ISO file not found/i.test(error.message) ? (
        <p>
          <Link to={`${paths.isoLibrary}?add=download`}>Add an ISO</Link> to the library by link or
          from your computer, then build again.
        </p>
      ) : null}
      {details.length > 0 ? (
        <dl className="details">
          {details.map(([key, value]) => (
            <div key={key}>
              <dt>{key.replace(/_/g, ' ')}</dt>
              <dd>{show(key, value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Alert>
  );
}
