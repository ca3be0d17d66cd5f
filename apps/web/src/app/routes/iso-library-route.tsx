import { useSession } from '../../features/auth/api/get-session.js';
import { IsoLibraryPage } from '../../features/iso-library/components/iso-library-page.js';
import { TeachersOnly } from './teachers-only.js';

export function IsoLibraryRoute() {
  const session = useSession();
  return (
    <TeachersOnly>
      <IsoLibraryPage admin={session.data?.user.role === 'admin'} />
    </TeachersOnly>
  );
}
