import { endpoints } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { makeJob } from '../../../testing/data.js';
import { captureEndpoint, mockEndpoint, mockError, server } from '../../../testing/server.js';

const options = (linked: boolean) => ({
  ok: true as const,
  template: { vmid: 9300, name: 'lvm-template', node: 'pve1' },
  clone: linked ? ('linked' as const) : ('full' as const),
  linked_possible: linked,
  ...(linked
    ? {}
    : {
        linked_why_not:
          "A linked clone is not possible: the template's disk is on storage 'thick' (LVM), which cannot make linked clones. Choose a full clone.",
      }),
  nodes: [
    { node: 'pve1', usable: true, reasons: [] },
    { node: 'pve2', usable: false, reasons: ['bridge vmbr0 does not exist on this node'] },
  ],
  full_clone_storages: [{ storage: 'local-lvm', shared: false, nodes: ['pve1'] }],
  warnings: [],
});

it('previews the names, says why linked clones are impossible, and starts the job', async () => {
  const deploy = captureEndpoint(
    endpoints.deployClass,
    () => ({
      ok: true as const,
      job_id: 'job42',
      status: 'queued' as const,
      status_url: '/api/vm-builder/jobs/job42',
      events_url: '/api/vm-builder/jobs/job42/events',
    }),
    202,
  );
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.deployOptions, () => options(false)),
    http.get('/api/scripts', () =>
      HttpResponse.json({ ok: false, error: 'not found' }, { status: 404 }),
    ),
    deploy.handler,
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({
        id: 'job42',
        kind: 'deploy',
        request: { class_name: 'Biology 2B', template_vmid: 9300 },
        steps: [],
      }),
    })),
  );
  const { user } = renderApp('/templates/lab/9300/deploy');
  expect(
    await screen.findByRole('heading', { name: 'Deploy a class from lvm-template' }),
  ).toBeVisible();
  expect(screen.getByRole('radio', { name: /^Linked clone/ })).toBeDisabled();
  expect(screen.getByRole('radio', { name: /^Full clone/ })).toBeChecked();
  expect(
    screen.getByText(/storage 'thick' \(LVM\), which cannot make linked clones/),
  ).toBeVisible();
  expect(screen.getByRole('checkbox', { name: /pve2 — cannot take copies/ })).toBeDisabled();
  expect(screen.queryByLabelText('Script to run in every VM')).not.toBeInTheDocument();

  const count = screen.getByLabelText('Number of VMs');
  await user.clear(count);
  await user.type(count, '12');
  expect(screen.getByText('12 VMs: lab-01, lab-02, lab-03, lab-04 … lab-12')).toBeVisible();

  await user.click(screen.getByRole('radio', { name: 'After a list of students' }));
  await user.type(screen.getByLabelText('Student names'), 'Zoë Smith{enter}Ali B.');
  expect(screen.getByText('2 VMs: zoe-smith, ali-b')).toBeVisible();
  await user.click(screen.getByRole('button', { name: 'Deploy 2 VMs' }));
  // The job page replaces the form; its heading names the class.
  expect(await screen.findByRole('heading', { name: 'Deploy Biology 2B' })).toBeVisible();
  expect(deploy.calls[0]?.body).toEqual({
    names: ['Zoë Smith', 'Ali B.'],
    name_pattern: '{name}',
    clone: 'full',
    start: false,
    async: true,
  });
});

const accepted = () => ({
  ok: true as const,
  job_id: 'job43',
  status: 'queued' as const,
  status_url: '/api/vm-builder/jobs/job43',
  events_url: '/api/vm-builder/jobs/job43/events',
});

/** The deploy page with these pools answers (the default handlers list two, completely). */
function deployPage(...pools: Parameters<typeof server.use>) {
  const deploy = captureEndpoint(endpoints.deployClass, accepted, 202);
  // The first matching handler answers: these pools before the default ones.
  server.use(
    ...pools,
    ...defaultHandlers(),
    mockEndpoint(endpoints.deployOptions, () => options(true)),
    http.get('/api/scripts', () =>
      HttpResponse.json({ ok: false, error: 'not found' }, { status: 404 }),
    ),
    deploy.handler,
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({ id: 'job43', kind: 'deploy', request: { template_vmid: 9300 }, steps: [] }),
    })),
  );
  return { deploy, ...renderApp('/templates/lab/9300/deploy') };
}

it('offers the Proxmox pools in a select, "No pool" first, each with its comment', async () => {
  const { user, deploy } = deployPage();
  const pool = await screen.findByRole('combobox', { name: 'Proxmox pool' });
  // Disabled with "No pool" only while the pools load.
  await waitFor(() => expect(pool).toBeEnabled());
  expect(
    within(pool)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['No pool', 'class-2b (Biology 2B)', 'class-3c']);
  expect(pool).toHaveValue('');
  await user.selectOptions(pool, 'class-2b');
  await user.click(screen.getByRole('button', { name: 'Deploy 5 VMs' }));
  await screen.findByRole('heading', { name: /^Deploy / });
  expect(deploy.calls[0]?.body).toMatchObject({ pool: 'class-2b', count: 5 });
});

it('lets the pool be typed when Proxmox may hide pools from LabForge', async () => {
  const { user, deploy } = deployPage(
    mockEndpoint(endpoints.listPools, () => ({
      ok: true as const,
      pools: [{ poolid: 'class-3c' }],
      complete: false,
    })),
  );
  // A text field (with the pools it saw as suggestions: a combobox to assistive technology).
  await waitFor(() => expect(screen.getByLabelText('Proxmox pool').tagName).toBe('INPUT'));
  const pool = screen.getByRole('combobox', { name: 'Proxmox pool' });
  expect(pool).toHaveAttribute('list');
  expect(pool).toHaveAccessibleDescription(
    "Optional. LabForge may not see every pool in Proxmox, so type the pool's name (empty: no pool). Pools it can see: class-3c.",
  );
  await user.type(pool, 'class-2b');
  await user.click(screen.getByRole('button', { name: 'Deploy 5 VMs' }));
  await screen.findByRole('heading', { name: /^Deploy / });
  expect(deploy.calls[0]?.body).toMatchObject({ pool: 'class-2b' });
});

it('lets the pool be typed when the pools cannot be read at all', async () => {
  deployPage(mockError(endpoints.listPools, 502, 'Listing the Proxmox pools failed: timeout'));
  const pool = await screen.findByRole('textbox', { name: 'Proxmox pool' });
  expect(pool).toHaveAccessibleDescription(
    "Optional. LabForge could not read the Proxmox pools: type the pool's name if the class should go in one (empty: no pool).",
  );
  // The server's own text is not a teacher's business.
  expect(screen.queryByText(/timeout/)).not.toBeInTheDocument();
});
