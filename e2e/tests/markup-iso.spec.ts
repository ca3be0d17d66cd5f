import { MARKUP_ISO_NAME } from '../support/e2e-seed.js';
import { expect, openBuildForm, test } from '../support/fixtures.js';

test('an ISO whose name contains markup is shown as text, never as HTML', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const listed = await sim.api<{ volid: string }[]>('GET', '/nodes/pve3/storage/local/content', {
    content: 'iso',
  });
  expect(listed.map((v) => v.volid)).toContain(`local:iso/${MARKUP_ISO_NAME}`);

  await signIn('teacher');
  const dialog = await openBuildForm(page);
  const pve3 = dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('group', { name: 'Node pve3' });
  const option = pve3.getByRole('option', { name: MARKUP_ISO_NAME, exact: true });
  await expect(option).toBeVisible();
  await expect(pve3.getByText(MARKUP_ISO_NAME, { exact: true })).toBeVisible();
  await expect(pve3.locator('img, b')).toHaveCount(0);

  // Choosing it echoes the name elsewhere (placement note, OS suggestion): still text.
  await option.click();
  await expect(dialog.getByText('The VM will be built on node pve3')).toBeVisible();
  await dialog.getByLabel('Search ISO images').fill('<b>lab');
  await expect(option).toBeVisible();
  await expect(dialog.locator('img')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('markup-iso.png'), fullPage: true });
  expect(dialogs).toEqual([]);
});
