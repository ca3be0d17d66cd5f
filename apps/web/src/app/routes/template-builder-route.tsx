import type { CatalogueVm } from '@labforge/contracts';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../features/auth/api/get-session.js';
import { BuildVmDialog } from '../../features/build-vm/components/build-vm-dialog.js';
import { usePrefetchIsoCatalogue } from '../../features/build-vm/hooks/use-iso-catalogue.js';
import { CatalogueTable } from '../../features/catalogue/components/catalogue-table.js';
import { FinaliseDialog } from '../../features/catalogue/components/finalise-dialog.js';
import { RecentJobs } from '../../features/jobs/components/recent-jobs.js';
import { paths } from '../../lib/paths.js';
import { lazyPages } from '../lazy-pages.js';
import { TeachersOnly } from './teachers-only.js';

export function TemplateBuilderRoute() {
  return (
    <TeachersOnly>
      <TemplateBuilderPage />
    </TeachersOnly>
  );
}

function TemplateBuilderPage() {
  const navigate = useNavigate();
  const admin = useSession().data?.user.role === 'admin';
  const [building, setBuilding] = useState(false);
  const [finalising, setFinalising] = useState<CatalogueVm>();
  // The ISO picker is the form's slowest part: its reads start with the page, not the click.
  usePrefetchIsoCatalogue();
  useEffect(() => {
    if (!building) return;
    // A build ends on its job page: its code downloads while the teacher fills the form, a
    // moment after the form opened so it never competes with the form's own first render.
    const timer = setTimeout(() => void lazyPages.job.preload().catch(() => undefined), 1_000);
    return () => clearTimeout(timer);
  }, [building]);
  const openJob = (jobId: string) => void navigate(paths.job(jobId));
  return (
    <>
      <div className="page-header">
        <h1>Template Builder</h1>
        <p>Build VMs and templates from ISO images, then install the OS from the console.</p>
        <button type="button" className="button-primary" onClick={() => setBuilding(true)}>
          Build from Scratch
        </button>
      </div>
      <CatalogueTable onFinalise={setFinalising} />
      <RecentJobs />
      {building ? (
        <BuildVmDialog onClose={() => setBuilding(false)} onStarted={openJob} technical={admin} />
      ) : null}
      {finalising ? (
        <FinaliseDialog
          vm={finalising}
          onClose={() => setFinalising(undefined)}
          onStarted={openJob}
        />
      ) : null}
    </>
  );
}
