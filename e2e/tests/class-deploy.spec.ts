import { request as playwrightRequest } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';

const NAMES = ['lab-01', 'lab-02', 'lab-03', 'lab-04', 'lab-05'];

test('a teacher shares a template; another deploys a class of five with a script and reads every VM', async ({
  page,
  signIn,
  demo,
  sim,
}, testInfo) => {
  test.setTimeout(180_000);
  // The classroom template (qemu-guest-agent installed) was made outside LabForge: an
  // administrator assigns it to the first teacher. Its clones' agents answer once booted.
  await sim.control('POST', '/vms/9000/guest', { installed: true, os: 'linux', agentDelayMs: 0 });
  const admin = await playwrightRequest.newContext({ baseURL: demo.url });
  const login = await admin.post('/api/auth/login', { data: demo.users.admin });
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  const assigned = await admin.put('/api/admin/vm-owners/classroom/9000', {
    data: { username: demo.users.teacher.username },
    headers: { 'x-csrf-token': csrf_token },
  });
  expect(assigned.status()).toBe(200);
  await admin.dispose();

  // Teacher A shares it with every teacher of the cluster.
  await signIn('teacher');
  const menu = page.getByRole('navigation', { name: 'Main' });
  await menu.getByRole('link', { name: 'Templates' }).click();
  const card = page.getByRole('article', { name: 'ubuntu-2204-template' });
  await card.getByRole('button', { name: 'Edit ubuntu-2204-template' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit ubuntu-2204-template' });
  await edit.getByLabel('Tags').fill('linux-course');
  await edit.getByRole('radio', { name: 'All teachers of this cluster' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('ubuntu-2204-template saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Teacher B keeps a script that says which VM it runs in.
  await signIn('teacher2');
  await menu.getByRole('link', { name: 'Scripts' }).click();
  await page.getByRole('button', { name: 'New script' }).click();
  const form = page.getByRole('dialog', { name: 'New script' });
  await form.getByLabel('Name').fill('Welcome');
  await form.getByLabel('Script', { exact: true }).fill('echo "Welcome to {name} ({index})"');
  await form.getByRole('button', { name: 'Save script' }).click();
  await expect(form).toBeHidden();

  // B finds the shared template by its tag and deploys a class from it with the script.
  await menu.getByRole('link', { name: 'Templates' }).click();
  await page.getByLabel('Tag', { exact: true }).selectOption('linux-course');
  await page
    .getByRole('article', { name: 'ubuntu-2204-template' })
    .getByRole('link', { name: 'Deploy a class from ubuntu-2204-template' })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Deploy a class from ubuntu-2204-template' }),
  ).toBeVisible();
  await page.getByLabel('Class name').fill('Linux basics');
  const count = page.getByLabel('Number of VMs');
  await count.fill('5');
  await expect(page.getByText('5 VMs: lab-01, lab-02, lab-03, lab-04, lab-05')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Linked clone/ })).toBeChecked();
  await page
    .getByLabel('Script to run in every VM')
    .selectOption({ label: 'Welcome (Linux shell)' });
  // The cluster's pools are listed by name and comment, "No pool" first.
  const pool = page.getByLabel('Proxmox pool');
  await expect(pool.getByRole('option')).toHaveText([
    'No pool',
    'class-2b (Biology 2B)',
    'class-3c (Computing 3C)',
  ]);
  await pool.selectOption({ label: 'class-2b (Biology 2B)' });
  await expectAccessible(page, testInfo, 'class-deploy');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('class-deploy-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Deploy 5 VMs' }).click();

  await expect(page.getByRole('heading', { name: 'Deploy Linux basics' })).toBeVisible();
  await expect(page.getByText('5 of 5 ready')).toBeVisible({ timeout: 120_000 });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(6);
  for (const name of NAMES) {
    const row = rows.filter({ hasText: name });
    await expect(row).toContainText('ready');
    await expect(row.getByRole('cell').nth(0)).toHaveText(/^\d+$/);
    await expect(row.getByRole('cell').nth(1)).toHaveText('pve1');
  }
  // Every VM's script result, with its own name and number in the output.
  await expect(page.getByText('5 of 5 VMs ran the script without errors')).toBeVisible();
  for (const [i, name] of NAMES.entries()) {
    const result = page.getByRole('article', { name: new RegExp(`^${name} \\(VM \\d+\\)$`) });
    await expect(result).toContainText('Finished without errors (exit code 0)');
    await expect(result.getByLabel(`Output of ${name}`, { exact: true })).toHaveText(
      `Welcome to ${name} (${i + 1})\n`,
    );
  }
  // The class landed in the chosen pool, as Proxmox itself says.
  const [pooled] = await sim.api<Array<{ members?: Array<{ name?: string }> }>>('GET', '/pools', {
    poolid: 'class-2b',
  });
  expect((pooled?.members ?? []).map((m) => m.name).sort()).toEqual(NAMES);
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
