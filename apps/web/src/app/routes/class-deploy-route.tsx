import { Link, useNavigate, useParams } from 'react-router';
import { DeployClassPage } from '../../features/class-deploy/components/deploy-class-page.js';
import { paths } from '../../lib/paths.js';
import { TeachersOnly } from './teachers-only.js';

/** `/templates/:clusterId/:vmid/deploy`: the deploy form, then the job page of the class. */
export function ClassDeployRoute() {
  const { clusterId = '', vmid = '' } = useParams();
  const navigate = useNavigate();
  return (
    <TeachersOnly>
      <p>
        <Link to={paths.myVms}>← My VMs</Link>
      </p>
      <DeployClassPage
        key={`${clusterId}/${vmid}`}
        clusterId={clusterId}
        vmid={Number(vmid)}
        onStarted={(jobId) => void navigate(paths.job(jobId))}
      />
    </TeachersOnly>
  );
}
