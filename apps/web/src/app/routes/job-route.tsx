import { Link, useParams } from 'react-router';
import { useSession } from '../../features/auth/api/get-session.js';
import { JobDetail } from '../../features/jobs/components/job-detail.js';
import { paths } from '../../lib/paths.js';
import { TeachersOnly } from './teachers-only.js';

export function JobRoute() {
  const { id = '' } = useParams();
  // Admins also see the Proxmox task log and the server's technical texts ("Details").
  const admin = useSession().data?.user.role === 'admin';
  return (
    <TeachersOnly>
      <p>
        <Link to={paths.templateBuilder}>← Template Builder</Link>
      </p>
      <JobDetail key={id} jobId={id} technical={admin} />
    </TeachersOnly>
  );
}
