import { endpoints, type CatalogueVm } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeJob } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, server } from '../../../testing/server.js';

const vms: CatalogueVm[] = [
  {
    vmid: 9000,
    name: 'debian-12-template',
    node: 'pve2',
    template: true,
    status: 'stopped',
    built_by_labforge: true,
    os_type: 'debian',
    cpu_cores: 2,
    memory_mb: 2048,
    disk_gb: 32,
    built_by: 'teacher',
    built_at: '2026-11-20T10:00:00Z',
  },
  {
    vmid: 105,
    name: '<b>win11-lab</b>',
    node: 'pve1',
    template: false,
    status: 'stopped',
    built_by_labforge: true,
    os_type: 'windows11',
    cpu_cores: 4,
    memory_mb: 8192,
    disk_gb: 64,
    built_by: 'teacher',
  },
];

it('lists templates and built VMs and finalises a hand-installed VM as a template', async () => {
  const finalise = captureEndpoint(
    endpoints.finaliseTemplate,
    () => ({
      ok: true as const,
      job_id: 'job-9',
      status: 'queued' as const,
      status_url: '/api/vm-builder/jobs/job-9',
      events_url: '/api/vm-builder/jobs/job-9/events',
    }),
    202,
  );
  server.use(
    mockEndpoint(endpoints.listCatalogue, () => ({ ok: true as const, vms })),
    mockEndpoint(endpoints.listJobs, () => ({
      ok: true as const,
      jobs: [makeJob({ status: 'succeeded' })],
      total: 1,
      page: 1,
      page_size: 10,
    })),
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({ id: 'job-9', kind: 'finalise', request: { vmid: 105 } }),
    })),
    finalise.handler,
    ...defaultHandlers(),
  );
  const { user, router } = renderApp();
  const table = await screen.findByRole('table');
  const rows = await within(table).findAllByRole('row');
  expect(rows).toHaveLength(3);
  expect(rows[1]).toHaveTextContent(
    'debian-12-template9000pve2Templatedebian2 cores, 2048 MB, 32 GB disk',
  );
  expect(within(rows[2] as HTMLElement).getByText('<b>win11-lab</b>')).toBeVisible();
  expect(within(rows[1] as HTMLElement).queryByRole('button')).not.toBeInTheDocument();

  const jobs = screen.getByRole('region', { name: 'Your recent builds' });
  expect(within(jobs).getByRole('link', { name: 'ubuntu-test' })).toHaveAttribute(
    'href',
    '/jobs/job-1',
  );
  expect(within(jobs).getByText('Succeeded')).toBeVisible();

  await user.click(screen.getByRole('button', { name: 'Finalise <b>win11-lab</b> as template' }));
  const dialog = screen.getByRole('dialog', { name: 'Finalise <b>win11-lab</b> as template' });
  expect(within(dialog).getByLabelText('Eject the installation and driver ISOs')).toBeChecked();
  await user.click(within(dialog).getByRole('button', { name: 'Convert to template' }));

  expect(await screen.findByRole('heading', { name: 'Finalise VM 105' })).toBeVisible();
  expect(router.state.location.pathname).toBe('/jobs/job-9');
  expect(finalise.calls[0]?.body).toEqual({
    vmid: 105,
    node: 'pve1',
    eject_media: true,
    async: true,
  });
});
