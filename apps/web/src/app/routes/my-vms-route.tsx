import type { MyVm } from '@labforge/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../features/auth/api/get-session.js';
import { FinaliseDialog } from '../../features/catalogue/components/finalise-dialog.js';
import { MyVmsPage } from '../../features/my-vms/components/my-vms-page.js';
import { paths } from '../../lib/paths.js';
import { TeachersOnly } from './teachers-only.js';

/** My VMs, with the catalogue's existing "Finalise as template" dialog for its rows. */
export function MyVmsRoute() {
  const navigate = useNavigate();
  const [finalising, setFinalising] = useState<MyVm>();
  const admin = useSession().data?.user.role === 'admin';
  return (
    <TeachersOnly>
      <MyVmsPage onFinalise={setFinalising} technical={admin} />
      {finalising ? (
        <FinaliseDialog
          vm={{
            vmid: finalising.vmid,
            name: finalising.name,
            node: finalising.node ?? '',
            template: false,
            status: finalising.state,
            built_by_labforge: finalising.source === 'built',
          }}
          onClose={() => setFinalising(undefined)}
          onStarted={(jobId) => void navigate(paths.job(jobId))}
        />
      ) : null}
    </TeachersOnly>
  );
}
