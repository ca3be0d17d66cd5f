import { request as apiRequest } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';

const VMID = 310;
const NAME = 'lab-script-01';

test('a teacher writes a script, runs it on a VM with the guest agent and reads its output', async ({
  page,
  sim,
  demo,
  signIn,
}, testInfo) => {
  test.setTimeout(120_000);
  // A linked clone of the seed's template (qemu-guest-agent installed, `agent: 1`), stopped,
  // whose agent answers once booted; an administrator assigns it to the teacher.
  const upid = await sim.api<string>('POST', '/nodes/pve1/qemu/9000/clone', {
    newid: VMID,
    name: NAME,
  });
  await expect
    .poll(
      async () =>
        (
          await sim.api<{ status: string }>(
            'GET',
            `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
          )
        ).status,
    )
    .toBe('stopped');
  await sim.control('POST', `/vms/${VMID}/guest`, { agentDelayMs: 0 });
  const admin = await apiRequest.newContext({ baseURL: demo.url });
  const login = await admin.post('/api/auth/login', { data: demo.users.admin });
  expect(login.ok()).toBe(true);
  const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
  const assigned = await admin.put(`/api/admin/vm-owners/classroom/${VMID}`, {
    data: { username: demo.users.teacher.username },
    headers: { 'x-csrf-token': csrf },
  });
  expect(assigned.ok(), await assigned.text()).toBe(true);
  await admin.dispose();

  await signIn('teacher');
  await page.getByRole('link', { name: 'Scripts' }).click();
  await expect(page.getByRole('heading', { name: 'Scripts', level: 1 })).toBeVisible();
  await expect(page.getByText(/No scripts yet/)).toBeVisible();
  await expectAccessible(page, testInfo, 'scripts');

  await page.getByRole('button', { name: 'New script' }).click();
  const form = page.getByRole('dialog', { name: 'New script' });
  await form.getByLabel('Name').fill('Set the hostname');
  await form.getByLabel('Description').fill('Prints who and where it runs');
  await form
    .getByLabel('Script', { exact: true })
    .fill('echo \'This is {name}, number {index}\'\nhostname\necho "VM id {vmid}" >&2');
  await form.getByLabel('Timeout (seconds)').fill('60');
  await expectAccessible(page, testInfo, 'script form');
  await form.getByRole('button', { name: 'Save script' }).click();
  await expect(form).toBeHidden();
  const row = page.getByRole('row', { name: 'Set the hostname' });
  await expect(row).toContainText('Shell (Linux)');
  await expect(row).toContainText('60 s');

  // At phone width the list becomes cards; the screenshot is looked at by hand.
  await page.setViewportSize({ width: 390, height: 844 });
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
  await expectAccessible(page, testInfo, 'scripts at 390 px');
  await page.screenshot({ path: testInfo.outputPath('scripts-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('link', { name: 'My VMs' }).click();
  const vm = page.getByRole('row', { name: NAME });
  await vm.getByRole('button', { name: `Run a script: ${NAME}` }).click();
  const run = page.getByRole('dialog', { name: `Run a script on ${NAME}` });
  await expect(run.getByRole('radio', { name: /Set the hostname/ })).toBeChecked();
  await expect(run).toContainText('is stopped: LabForge starts it');
  await expectAccessible(page, testInfo, 'run script dialog');
  await run.getByRole('button', { name: 'Run Set the hostname' }).click();

  await expect(
    page.getByRole('heading', { name: `Run Set the hostname on VM ${VMID}`, level: 1 }),
  ).toBeVisible();
  const result = page.getByRole('article', { name: `${NAME} (VM ${VMID})` });
  await expect(result).toContainText('Finished without errors (exit code 0)', { timeout: 60_000 });
  await expect(result.getByLabel(`Output of ${NAME}`, { exact: true })).toHaveText(
    `This is ${NAME}, number 1\n${NAME}\n`,
  );
  await expect(result.getByLabel(`Error output of ${NAME}`, { exact: true })).toHaveText(
    `VM id ${VMID}\n`,
  );
  await expect(page.getByText('1 of 1 VMs ran the script without errors')).toBeVisible();
  await expectAccessible(page, testInfo, 'script run result');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('script-result-390.png'), fullPage: true });
  expect((await sim.findVm(VMID))?.status).toBe('running');
});
