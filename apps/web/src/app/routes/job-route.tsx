import { Link, useParams } from 'react-router';
import { JobDetail } from '../../features/jobs/components/job-detail.js';
import { paths } from '../../lib/paths.js';
import { TeachersOnly } from './teachers-only.js';

export function JobRoute() {
  const { id = '' } = useParams();
  return (
    <TeachersOnly>
      <p>
        <Link to={paths.templateBuilder}>← Template Builder</Link>
      </p>
      <JobDetail key={id} jobId={id} />
    </TeachersOnly>
  );
}
