import { endpoints } from '@labforge/contracts';
import { within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeStorage } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, server } from '../../../testing/server.js';

it('offers the chosen node pools with free space, and a pool without room cannot be chosen', async () => {
  server.use(
    mockEndpoint(endpoints.listStorages, ({ url }) => {
      if (url.searchParams.get('node') !== 'pve1') throw new Error('wrong node');
      return {
        ok: true as const,
        storages: [
          makeStorage('local-lvm', 20),
          makeStorage('tank', 500, { type: 'zfspool' }),
          makeStorage('thin-small', 10, { thin: true }),
        ],
      };
    }),
    ...defaultHandlers(),
  );
  const { user } = renderApp();
  const dialog = await openBuildDialog(user);
  const pools = within(dialog).getByRole('radiogroup', { name: 'Storage pool' });
  expect(pools).toHaveTextContent('Choose an ISO image first: pools depend on the node.');

  await user.click(
    await within(dialog).findByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
  );
  const small = await within(pools).findByRole('radio', { name: 'local-lvm' });
  // Default disk is 32 GB: 20 GiB free is not enough.
  expect(small).toBeDisabled();
  expect(small).toHaveAccessibleDescription(/20\.0 GiB free of 100 GiB/);
  expect(small).toHaveAccessibleDescription(/Unavailable: not enough room for a 32 GB disk/);
  expect(within(pools).getByRole('meter', { name: 'local-lvm: 80% used' })).toBeInTheDocument();
  const big = within(pools).getByRole('radio', { name: 'tank' });
  expect(big).toBeEnabled();
  // A thin pool may overcommit: it stays selectable, with a warning.
  const thin = within(pools).getByRole('radio', { name: 'thin-small' });
  expect(thin).toBeEnabled();
  expect(thin).toHaveAccessibleDescription(/Thin pool: a 32 GB disk overcommits/);

  await user.click(big);
  expect(big).toBeChecked();

  const disk = within(dialog).getByLabelText('Disk size (GB)');
  await user.clear(disk);
  await user.type(disk, '16');
  expect(small).toBeEnabled();
  await user.click(small);
  expect(small).toBeChecked();
  // Growing the disk beyond the chosen pool's room falls back to automatic.
  await user.clear(disk);
  await user.type(disk, '40');
  expect(small).toBeDisabled();
  expect(
    within(pools).getByRole('radio', { name: 'Automatic (the pool with the most free space)' }),
  ).toBeChecked();
});

it('lists the bridges of the build node', async () => {
  server.use(
    mockEndpoint(endpoints.listBridges, () => ({
      ok: true as const,
      node: 'pve1',
      bridges: [
        { iface: 'vmbr1', type: 'bridge', active: true, vlan_aware: true, comments: 'students' },
        { iface: 'vmbr0', type: 'bridge', active: true, vlan_aware: false, cidr: '10.0.0.2/24' },
      ],
    })),
    ...defaultHandlers(),
  );
  const { user } = renderApp();
  const dialog = await openBuildDialog(user);
  await user.click(
    await within(dialog).findByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
  );
  const bridge = within(dialog).getByLabelText('Network bridge');
  expect(await within(bridge).findByRole('option', { name: 'vmbr1 (students)' })).toBeVisible();
  expect(bridge).toHaveValue('vmbr0');
});
