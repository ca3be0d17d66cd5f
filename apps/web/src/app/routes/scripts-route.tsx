import { useSession } from '../../features/auth/api/get-session.js';
import { ScriptsPage } from '../../features/scripts/components/scripts-page.js';
import { TeachersOnly } from './teachers-only.js';

export function ScriptsRoute() {
  const session = useSession();
  return (
    <TeachersOnly>
      <ScriptsPage admin={session.data?.user.role === 'admin'} />
    </TeachersOnly>
  );
}
