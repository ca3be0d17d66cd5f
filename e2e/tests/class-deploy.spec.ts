import { request as playwrightRequest } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';

const NAMES = ['lab-01', 'lab-02', 'lab-03', 'lab-04', 'lab-05'];

test('a teacher deploys a class of five from the seeded template and sees every VM', async ({
  page,
  signIn,
  demo,
  sim,
}, testInfo) => {
  // Until template sharing arrives, a teacher deploys templates recorded as theirs: the admin
  // assigns the classroom template to the teacher.
  const admin = await playwrightRequest.newContext({ baseURL: demo.url });
  const login = await admin.post('/api/auth/login', { data: demo.users.admin });
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  const assigned = await admin.put('/api/admin/vm-owners/classroom/9000', {
    data: { username: demo.users.teacher.username },
    headers: { 'x-csrf-token': csrf_token },
  });
  expect(assigned.status()).toBe(200);
  await admin.dispose();
  void sim;

  await signIn('teacher');
  await page.getByRole('link', { name: 'My VMs' }).click();
  await page.getByRole('link', { name: 'Deploy a class: ubuntu-2204-template' }).click();
  await expect(
    page.getByRole('heading', { name: 'Deploy a class from ubuntu-2204-template' }),
  ).toBeVisible();
  await page.getByLabel('Class name').fill('Linux basics');
  const count = page.getByLabel('Number of VMs');
  await count.fill('5');
  await expect(page.getByText('5 VMs: lab-01, lab-02, lab-03, lab-04, lab-05')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Linked clone/ })).toBeChecked();
  await expectAccessible(page, testInfo, 'class-deploy');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('class-deploy-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Deploy 5 VMs' }).click();

  await expect(page.getByRole('heading', { name: 'Deploy Linux basics' })).toBeVisible();
  await expect(page.getByText('5 of 5 ready')).toBeVisible({ timeout: 60_000 });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(6);
  for (const name of NAMES) {
    const row = rows.filter({ hasText: name });
    await expect(row).toContainText('ready');
    await expect(row.getByRole('cell').nth(0)).toHaveText(/^\d+$/);
    await expect(row.getByRole('cell').nth(1)).toHaveText('pve1');
  }
  await expectAccessible(page, testInfo, 'class-deploy job');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('class-deployed-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // My VMs shows the class as one group with its actions.
  await page.getByRole('link', { name: 'My VMs' }).click();
  const group = page.getByRole('region', { name: 'Class: Linux basics' });
  await expect(group.getByRole('row')).toHaveCount(6);
  await expect(group.getByRole('button', { name: 'Start all' })).toBeVisible();
  await expectAccessible(page, testInfo, 'class-deploy my-vms');
});
