import { Link, useParams } from 'react-router';
import { VmConsole } from '../../features/vm-console/components/vm-console.js';
import { paths } from '../../lib/paths.js';
import { NotFoundRoute } from './not-found-route.js';
import { TeachersOnly } from './teachers-only.js';

export function VmConsoleRoute() {
  const { cluster = '', vmid = '' } = useParams();
  const id = Number(vmid);
  if (!Number.isInteger(id) || id < 100) return <NotFoundRoute />;
  return (
    <TeachersOnly>
      <p>
        <Link to={paths.myVms}>← My VMs</Link>
      </p>
      <VmConsole key={`${cluster}/${id}`} clusterId={cluster} vmid={id} />
    </TeachersOnly>
  );
}
