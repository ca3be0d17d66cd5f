import { IsoLibraryPage } from '../../features/iso-library/components/iso-library-page.js';
import { TeachersOnly } from './teachers-only.js';

export function IsoLibraryRoute() {
  return (
    <TeachersOnly>
      <IsoLibraryPage />
    </TeachersOnly>
  );
}
