import { Alert } from '../../../components/ui/alert.js';
import { ApiError } from '../../../lib/api-client.js';

const TITLES: Record<number, string> = {
  403: 'You are not allowed to do this',
  404: 'The VM was not found',
  409: 'The VM is running, locked or already a template',
  502: 'Proxmox did not answer',
};

export function ServerErrorText({ error }: { error: Error }) {
  const title = error instanceof ApiError ? TITLES[error.status] : undefined;
  return (
    <Alert title={title ?? 'The request failed'}>
      <p>{error.message}</p>
    </Alert>
  );
}
