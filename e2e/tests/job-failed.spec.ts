import { expectAccessible } from '../support/axe.js';
import { expect, openBuildForm, test } from '../support/fixtures.js';

test('a failed build reads as words for a teacher, accessibly; the task log is for admins', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  // Proxmox fails the create task (qmcreate ends with "TASK ERROR: unable to create VM N - …").
  await sim.control('POST', '/faults', {
    method: 'POST',
    path: '/nodes/*/qemu',
    count: 1,
    effect: { type: 'task-error', message: 'no space left on device' },
  });
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  await dialog.getByLabel('VM name').fill('ubuntu-fails');
  await dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Build VM' }).click();
  await expect(page.getByRole('heading', { name: 'Build ubuntu-fails', level: 1 })).toBeFocused();
  const failed = page.getByRole('alert').filter({ hasText: 'The build failed' });
  await expect(failed).toBeVisible({ timeout: 45_000 });
  // No Proxmox task log, no internal names for a teacher.
  await expect(page.getByRole('log', { name: 'Proxmox task log' })).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText(/\b(left_over|vmid:|iso_file|UPID)\b/);
  await expectAccessible(page, testInfo, 'failed job');
  await page.screenshot({ path: testInfo.outputPath('job-failed.png'), fullPage: true });
});
