import { endpoints, type MyVm } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, server } from '../../../testing/server.js';

const vm = (vmid: number, name: string, state: MyVm['state']): MyVm => ({
  cluster_id: 'lab',
  vmid,
  name,
  node: 'pve1',
  state,
  media: [],
  owner: 'teacher',
  source: 'built',
  since: '2026-11-20T10:00:00Z',
  job_id: 'class123',
  class_id: 'class123',
  class_name: 'Linux 101',
});

it('groups a class with its actions and deletes it only after its name is typed', async () => {
  let vms = [vm(201, 'ana', 'running'), vm(202, 'bo', 'stopped')];
  const act = captureEndpoint(endpoints.classAction, () => ({
    ok: true as const,
    class_id: 'class123',
    class_name: 'Linux 101',
    action: 'shutdown' as const,
    succeeded: 1,
    failed: 0,
    skipped: 1,
    items: [
      { vmid: 201, name: 'ana', status: 'ok' as const, message: 'ana has shut down' },
      { vmid: 202, name: 'bo', status: 'skipped' as const, message: 'bo is not running' },
    ],
  }));
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.listMyVms, () => ({ ok: true as const, vms })),
    act.handler,
  );
  const { user } = renderApp('/vms');
  const group = await screen.findByRole('region', { name: 'Class: Linux 101' });
  expect(within(group).getByRole('row', { name: 'ana' })).toHaveTextContent('Running');
  expect(within(group).getByText('2 VMs, 1 running')).toBeVisible();

  await user.click(within(group).getByRole('button', { name: 'Delete all' }));
  const dialog = await screen.findByRole('alertdialog', { name: 'Delete the class Linux 101?' });
  expect(dialog).toHaveTextContent('Shut them down first');
  expect(within(dialog).getByRole('button', { name: 'Delete all 2 VMs' })).toBeDisabled();
  await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));

  vms = [vm(201, 'ana', 'stopped'), vm(202, 'bo', 'stopped')];
  await user.click(within(group).getByRole('button', { name: 'Shut down all' }));
  expect(
    await within(group).findByText('Linux 101: 1 shut down, 1 left as they were'),
  ).toBeVisible();
  expect(act.calls[0]?.body).toEqual({ action: 'shutdown' });

  await user.click(within(group).getByRole('button', { name: 'Delete all' }));
  const again = await screen.findByRole('alertdialog', { name: 'Delete the class Linux 101?' });
  const confirm = within(again).getByRole('button', { name: 'Delete all 2 VMs' });
  await user.type(within(again).getByLabelText('Type the class name to confirm'), 'Linux 10');
  expect(confirm).toBeDisabled();
  await user.type(within(again).getByLabelText('Type the class name to confirm'), '1');
  await user.click(confirm);
  expect(act.calls[1]?.body).toEqual({ action: 'delete', confirm: 'Linux 101' });
});
