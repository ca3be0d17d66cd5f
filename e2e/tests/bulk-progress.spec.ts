import { expectAccessible } from '../support/axe.js';
import { expect, openBuildForm, test } from '../support/fixtures.js';

test('a class of three VMs reads as one row per VM with "3 of 3 built", accessibly', async ({
  page,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  await dialog.getByLabel('Build several VMs at once').check();
  await dialog.getByLabel('Number of VMs').fill('3');
  await dialog.getByLabel('Name pattern').fill('class-{nn}');
  await dialog
    .getByRole('group', { name: 'Node pve1' })
    .getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' })
    .click();
  await expect(dialog.getByRole('button', { name: 'Check without building' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Build 3 VMs' }).click();

  await expect(page.getByRole('heading', { name: 'Build class-01 … class-03' })).toBeFocused();
  await expectAccessible(page, testInfo, 'bulk progress');
  await expect(page.getByText('3 of 3 built')).toBeVisible({ timeout: 60_000 });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4);
  for (const name of ['class-01', 'class-02', 'class-03']) {
    const row = rows.filter({ hasText: name });
    await expect(row).toContainText('built');
    await expect(row.getByRole('cell').nth(0)).toHaveText(/^\d+$/);
  }
  // The class's spread over the nodes in words, never "pve1: 3".
  await expect(page.getByRole('region', { name: 'Steps' })).toContainText(/\d VMs? on pve\d/);
  await expect(page.getByRole('region', { name: 'Steps' })).not.toContainText(/pve\d: \d/);
  await expectAccessible(page, testInfo, 'bulk result');
  await page.screenshot({ path: testInfo.outputPath('bulk-built.png'), fullPage: true });
});
