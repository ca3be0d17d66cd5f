import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

test('with pve1 offline the form says so and the other nodes’ ISOs still build', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  // A fault rule that takes pve1 off the cluster network at the next request to the simulator.
  await sim.control('POST', '/faults', {
    path: '**',
    count: 1,
    effect: { type: 'node-offline', node: 'pve1' },
  });
  await sim.api('GET', '/version');
  const nodes = await sim.api<{ node: string; status: string }[]>('GET', '/nodes');
  expect(nodes.find((n) => n.node === 'pve1')?.status).toBe('offline');

  await signIn('teacher');
  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  const pve1 = isos.getByRole('group', { name: 'Node pve1' });
  await expect(pve1.getByText('pve1 is offline')).toBeVisible();
  await expect(pve1.getByRole('option')).toHaveCount(0);
  const debian = isos
    .getByRole('group', { name: 'Node pve2' })
    .getByRole('option', { name: 'debian-12.0.0-amd64-netinst.iso' });
  await expect(debian).toBeEnabled();
  await expect(
    isos.getByRole('group', { name: 'Shared storage' }).getByText('readable by pve2, pve3'),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('pve1-offline.png'), fullPage: true });

  await dialog.getByLabel('VM name').fill('debian-while-pve1-down');
  await debian.click();
  await dialog.getByRole('button', { name: 'Build VM' }).click();
  await expect(page.getByRole('heading', { name: 'VM ready: debian-while-pve1-down' })).toBeVisible(
    { timeout: 45_000 },
  );
  const vmid = Number(await resultFact(page, 'VMID'));
  expect(await resultFact(page, 'Node')).toBe('pve2');
  expect(await sim.findVm(vmid)).toMatchObject({ node: 'pve2', status: 'stopped' });
});
