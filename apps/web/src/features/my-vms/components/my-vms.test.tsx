import { endpoints, type MyVm } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, mockError, server } from '../../../testing/server.js';

const win: MyVm = {
  cluster_id: 'lab',
  vmid: 105,
  name: 'win11-lab',
  node: 'pve2',
  os_type: 'windows11',
  state: 'stopped',
  media: [
    { drive: 'ide0', volume: 'isos-nfs:iso/virtio-win.iso' },
    { drive: 'ide2', volume: 'local:iso/Win11_24H2_English_x64.iso' },
  ],
  owner: 'teacher',
  source: 'built',
  since: '2026-11-20T10:00:00Z',
  built_by: 'teacher',
};
const tpl: MyVm = { ...win, vmid: 9000, name: 'debian-tpl', state: 'template', media: [] };

const actionAnswer = (message: string, state: MyVm['state']) => ({
  ok: true as const,
  cluster_id: 'lab',
  vmid: 105,
  message,
  state,
});

it('lists my VMs with their state and ISOs, and starts one from its ISO', async () => {
  let vms: MyVm[] = [win, tpl];
  const power = captureEndpoint(endpoints.powerVm, () => {
    vms = [{ ...win, state: 'running' }, tpl];
    return actionAnswer('win11-lab started from its ISO', 'running');
  });
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.listMyVms, () => ({ ok: true as const, vms })),
    power.handler,
  );
  const { user } = renderApp('/vms');
  expect(await screen.findByRole('heading', { name: 'My VMs' })).toBeVisible();
  expect(screen.getByRole('link', { name: 'My VMs' })).toHaveAttribute('href', '/vms');
  const row = await screen.findByRole('row', { name: 'win11-lab' });
  expect(row).toHaveTextContent('Stopped');
  expect(row).toHaveTextContent('virtio-win.iso, Win11_24H2_English_x64.iso');
  const tplRow = screen.getByRole('row', { name: 'debian-tpl' });
  expect(within(tplRow).queryByRole('button', { name: /^Start/ })).not.toBeInTheDocument();

  await user.click(within(row).getByRole('button', { name: 'Start and boot from ISO: win11-lab' }));
  expect(await screen.findByText('win11-lab started from its ISO')).toBeVisible();
  expect(power.calls[0]?.body).toEqual({ action: 'start-from-iso' });
  const running = await screen.findByRole('row', { name: 'win11-lab' });
  await waitFor(() => expect(running).toHaveTextContent('Running'));
  expect(within(running).getByRole('link', { name: 'Console: win11-lab' })).toHaveAttribute(
    'href',
    '/vms/lab/105/console',
  );
});

it('shows refusals in plain words and deletes only after a confirmation naming the VM', async () => {
  let deleted = false;
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.listMyVms, () => ({
      ok: true as const,
      vms: deleted ? [tpl] : [win, tpl],
    })),
    mockError(endpoints.powerVm, 409, 'win11-lab (VM 105) is already running'),
    http.delete('*/api/vms/lab/105', () => {
      deleted = true;
      return HttpResponse.json(
        actionAnswer('win11-lab (VM 105) and its disks were deleted', 'missing'),
      );
    }),
  );
  const { user } = renderApp('/vms');
  const row = await screen.findByRole('row', { name: 'win11-lab' });
  await user.click(within(row).getByRole('button', { name: 'Start: win11-lab' }));
  expect(await screen.findByText('win11-lab (VM 105) is already running')).toBeVisible();

  await user.click(within(row).getByRole('button', { name: 'Delete: win11-lab' }));
  const dialog = await screen.findByRole('alertdialog', { name: 'Delete win11-lab?' });
  expect(dialog).toHaveTextContent('VMID 105');
  await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
  expect(deleted).toBe(false);
  await user.click(within(row).getByRole('button', { name: 'Delete: win11-lab' }));
  await user.click(
    within(await screen.findByRole('alertdialog')).getByRole('button', {
      name: 'Delete win11-lab',
    }),
  );
  expect(await screen.findByText('win11-lab (VM 105) and its disks were deleted')).toBeVisible();
  await waitFor(() =>
    expect(screen.queryByRole('row', { name: 'win11-lab' })).not.toBeInTheDocument(),
  );
});
