import type { MyVm } from '@labforge/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../features/auth/api/get-session.js';
import { FinaliseDialog } from '../../features/catalogue/components/finalise-dialog.js';
import { MyVmsPage } from '../../features/my-vms/components/my-vms-page.js';
import { RunScriptDialog } from '../../features/scripts/components/run-script-dialog.js';
import { paths } from '../../lib/paths.js';
import { TeachersOnly } from './teachers-only.js';

/** My VMs, with the catalogue's "Finalise as template" and the scripts' "Run a script" dialogs. */
export function MyVmsRoute() {
  const navigate = useNavigate();
  const [finalising, setFinalising] = useState<MyVm>();
  const admin = useSession().data?.user.role === 'admin';
  const [scripting, setScripting] = useState<MyVm>();
  return (
    <TeachersOnly>
      <MyVmsPage onFinalise={setFinalising} onRunScript={setScripting} technical={admin} />
      {scripting ? (
        <RunScriptDialog
          vm={{
            cluster_id: scripting.cluster_id,
            vmid: scripting.vmid,
            name: scripting.name,
            running: scripting.state === 'running',
          }}
          onClose={() => setScripting(undefined)}
          onStarted={(jobId) => void navigate(paths.job(jobId))}
        />
      ) : null}
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
