import { expect, openBuildForm, test } from '../support/fixtures.js';

test('building with no ISO shows “Please select an ISO image” and creates nothing', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  const before = await sim.api<unknown[]>('GET', '/cluster/resources', { type: 'vm' });
  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  await expect(isos.getByRole('option').first()).toBeVisible();

  await dialog.getByLabel('VM name').fill('no-iso');
  await dialog.getByRole('button', { name: 'Build VM' }).click();

  await expect(
    dialog.getByRole('alert').filter({ hasText: 'Please select an ISO image' }),
  ).toBeVisible();
  await expect(isos).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/template-builder$/);
  await page.screenshot({ path: testInfo.outputPath('no-iso.png'), fullPage: true });
  expect(await sim.api<unknown[]>('GET', '/cluster/resources', { type: 'vm' })).toHaveLength(
    before.length,
  );
  // Escape closes the modal and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Build from Scratch' })).toBeFocused();
});
