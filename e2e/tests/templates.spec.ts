import { expectAccessible } from '../support/axe.js';
import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

test('a teacher shares a template with all teachers; another finds it by its tag and may deploy but not edit it', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  // Teacher A builds a template through LabForge.
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  await dialog.getByLabel('VM name').fill('shared-debian');
  await dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('option', { name: 'debian-12.0.0-amd64-netinst.iso' })
    .click();
  await dialog.getByLabel('OS type').selectOption({ label: 'Debian' });
  await dialog.getByLabel('Convert to template after creation').check();
  await dialog.getByRole('button', { name: 'Build VM' }).click();
  await expect(page.getByRole('heading', { name: 'Template ready: shared-debian' })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = Number(await resultFact(page, 'VMID'));
  const node = await resultFact(page, 'Node');

  // A's card is private until A shares it.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Templates' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeVisible();
  const mine = page.getByRole('article', { name: 'shared-debian' });
  await expect(mine.getByText('Only you')).toBeVisible();
  await mine.getByRole('button', { name: 'Edit shared-debian' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit shared-debian' });
  await edit.getByLabel('Description').fill('Debian 12 for the shell course.');
  await edit.getByLabel('Tags').fill('shell-course debian');
  await edit.getByRole('radio', { name: 'All teachers of this cluster' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('shared-debian saved.')).toBeVisible();
  await expect(mine.getByText('All teachers of this cluster')).toBeVisible();

  // Mirrored into Proxmox: the build record stays, the tags join labforge's.
  const config = await sim.vmConfig(node, vmid);
  expect(String(config.description)).toMatch(/^Built with LabForge\n- built_by: teacher\n/);
  expect(String(config.description)).toContain('Debian 12 for the shell course.');
  expect(config.tags).toBe('debian;labforge;shell-course');

  // Teacher B signs in and finds it by its tag.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn('teacher2');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Templates' })
    .click();
  await page.getByLabel('Tag', { exact: true }).selectOption('shell-course');
  const shared = page.getByRole('article', { name: 'shared-debian' });
  await expect(shared).toBeVisible();
  await expect(shared.getByText('Ana Teacher on', { exact: false })).toBeVisible();
  await expect(shared.getByText('Debian 12 for the shell course.')).toBeVisible();
  const deploy = shared.getByRole('link', { name: 'Deploy a class from shared-debian' });
  await expect(deploy).toBeVisible();
  await expect(deploy).toHaveAttribute('href', `/templates/classroom/${vmid}/deploy`);
  await expect(shared.getByRole('button', { name: /Edit|Retire/ })).toHaveCount(0);

  // B cannot change it through the API either.
  const session = (await (await page.request.get('/api/auth/session')).json()) as {
    csrf_token: string;
  };
  const refused = await page.request.patch(`/api/templates/classroom/${vmid}`, {
    headers: { 'x-csrf-token': session.csrf_token },
    data: { description: 'mine now' },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toBe(
    'Only Ana Teacher (who made this template) or an administrator can change it',
  );

  await expectAccessible(page, testInfo, 'templates');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(shared).toBeVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('templates-phone.png'), fullPage: true });
});
