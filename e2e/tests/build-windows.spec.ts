import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

test('a teacher builds Windows 11 with the virtio drivers ISO, UEFI, TPM 2.0 and q35', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });

  await dialog.getByLabel('VM name').fill('win11-lab');
  await isos
    .getByRole('group', { name: 'Node pve2' })
    .getByRole('option', { name: 'Win11_24H2_English_x64.iso' })
    .click();
  // The OS type is suggested from the file name, and the form says what the preset brings.
  await expect(dialog.getByLabel('OS type')).toHaveValue('windows11');
  await expect(
    dialog.getByText(
      /Preset: UEFI with Secure Boot keys · TPM 2\.0 · Windows drivers disc \(VirtIO\) attached/,
    ),
  ).toBeVisible();
  await expect(dialog.getByText('The VM will be built on node pve2')).toBeVisible();
  await dialog
    .getByRole('radiogroup', { name: 'Storage pool' })
    .getByRole('radio', { name: 'local-lvm' })
    .check();
  await page.screenshot({ path: testInfo.outputPath('windows-form.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Build VM' }).click();

  await expect(page.getByRole('heading', { name: 'VM ready: win11-lab' })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = Number(await resultFact(page, 'VMID'));
  expect(await resultFact(page, 'Node')).toBe('pve2');
  expect(await resultFact(page, 'VirtIO drivers')).toBe('virtio-win.iso (storage isos-nfs)');
  await page.screenshot({ path: testInfo.outputPath('windows-built.png'), fullPage: true });

  expect(await sim.findVm(vmid)).toMatchObject({ node: 'pve2', status: 'stopped' });
  const config = await sim.vmConfig('pve2', vmid);
  expect(String(config.ide2)).toMatch(/^local:iso\/Win11_24H2_English_x64\.iso,media=cdrom/);
  expect(String(config.ide0)).toMatch(/^isos-nfs:iso\/virtio-win\.iso,media=cdrom/);
  expect(config.bios).toBe('ovmf');
  expect(String(config.machine)).toMatch(/q35/);
  expect(String(config.efidisk0)).toMatch(/^local-lvm:vm-\d+-disk-\d+/);
  expect(String(config.tpmstate0)).toMatch(/^local-lvm:vm-\d+-disk-\d+.*version=v2\.0/);
  expect(config.ostype).toBe('win11');
});
