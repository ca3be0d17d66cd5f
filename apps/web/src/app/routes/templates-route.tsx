import { useSession } from '../../features/auth/api/get-session.js';
import { TemplatesPage } from '../../features/templates/components/templates-page.js';
import { TeachersOnly } from './teachers-only.js';

export function TemplatesRoute() {
  const session = useSession();
  const data = session.data;
  return (
    <TeachersOnly>
      {data ? (
        <TemplatesPage
          clusterId={data.cluster_id}
          me={data.user.username}
          admin={data.user.role === 'admin'}
        />
      ) : null}
    </TeachersOnly>
  );
}
