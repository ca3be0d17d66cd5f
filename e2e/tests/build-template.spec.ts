import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

test('a teacher builds a Debian VM converted to a template after creation', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  const dialog = await openBuildForm(page);

  // The specification's "Build Linux VM as Template" example.
  await dialog.getByLabel('VM name').fill('debian-template');
  await dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('option', { name: 'debian-12.0.0-amd64-netinst.iso' })
    .click();
  await dialog.getByLabel('OS type').selectOption({ label: 'Debian' });
  await dialog
    .getByRole('radiogroup', { name: 'Storage pool' })
    .getByRole('radio', { name: 'local-lvm' })
    .check();
  await dialog.getByLabel('CPU cores').fill('4');
  await dialog.getByLabel('Memory (MB)').fill('4096');
  await dialog.getByLabel('Disk size (GB)').fill('64');
  await dialog.getByLabel('Convert to template after creation').check();
  await dialog.getByRole('button', { name: 'Build VM' }).click();

  await expect(page.getByRole('heading', { name: 'Template ready: debian-template' })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = Number(await resultFact(page, 'VMID'));
  expect(await resultFact(page, 'Node')).toBe('pve2');
  expect(await resultFact(page, 'State')).toBe('template');
  await page.screenshot({ path: testInfo.outputPath('template-built.png'), fullPage: true });

  expect(await sim.findVm(vmid)).toMatchObject({ node: 'pve2', status: 'stopped', template: 1 });
  const config = await sim.vmConfig('pve2', vmid);
  expect(Number(config.template)).toBe(1);
  // A template's disk is a base image, as `qm template` renames it.
  const disk = Object.values(config).find((v) => String(v).startsWith('local-lvm:'));
  expect(String(disk)).toMatch(/^local-lvm:base-\d+-disk-\d+.*size=64G/);
});
