import { readTextLines, rgbaPixels } from '@labforge/pve-sim';
import { request as apiRequest, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

/** The text on the console's canvas, read back from its pixels (the simulator's bitmap font). */
async function canvasText(page: Page): Promise<string> {
  const shot = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.console-screen canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width !== 800 || canvas.height !== 600) return undefined;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let bin = '';
    for (let i = 0; i < data.length; i += 0x8000)
      bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(bin);
  });
  if (!shot) return '';
  const rgba = new Uint8Array(Buffer.from(shot, 'base64'));
  return readTextLines(rgbaPixels(rgba, 800), 800, 600).join('\n');
}

test('a teacher installs Windows 11 in the browser console, then makes it a template', async ({
  page,
  sim,
  demo,
  signIn,
}, testInfo) => {
  test.setTimeout(180_000);
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  await dialog.getByLabel('VM name').fill('win11-console');
  await dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('group', { name: 'Node pve2' })
    .getByRole('option', { name: 'Win11_24H2_English_x64.iso' })
    .click();
  await dialog
    .getByRole('radiogroup', { name: 'Storage pool' })
    .getByRole('radio', { name: 'local-lvm' })
    .check();
  await dialog.getByRole('button', { name: 'Build VM' }).click();
  await expect(page.getByRole('heading', { name: 'VM ready: win11-console' })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = Number(await resultFact(page, 'VMID'));
  await expect(page.getByRole('link', { name: 'Open the console in Proxmox' })).toHaveCount(0);

  // The result leads to My VMs, where the new VM is listed at once.
  await page.getByRole('link', { name: 'Start it and open the console on My VMs' }).click();
  await expect(page.getByRole('heading', { name: 'My VMs' })).toBeVisible();
  const row = page.getByRole('row', { name: 'win11-console' });
  await expect(row).toContainText('Stopped');
  await expect(row).toContainText('Win11_24H2_English_x64.iso');
  await expectAccessible(page, testInfo, 'my vms');
  await row.getByRole('button', { name: 'Start and boot from ISO: win11-console' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'started from its ISO' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(row).toContainText('Running');
  expect((await sim.control<{ state: string }>('GET', `/vms/${vmid}/console`)).state).toBe(
    'installer',
  );

  // A student and another teacher cannot open this console: the API refuses them.
  const admin = await signedIn(demo.url, demo.users.admin);
  const created = await admin.post('/api/admin/users', {
    username: 'teacher-two',
    password: 'teacher-two-password',
    role: 'teacher',
  });
  expect([201, 409], await created.text()).toContain(created.status());
  for (const who of [
    demo.users.student,
    { username: 'teacher-two', password: 'teacher-two-password' },
  ]) {
    const ctx = await signedIn(demo.url, who);
    const refused = await ctx.post(`/api/vms/classroom/${vmid}/console`);
    expect(refused.status()).toBe(403);
    await ctx.dispose();
  }
  await admin.dispose();

  await row.getByRole('link', { name: 'Console: win11-console' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected.' })).toBeVisible();
  await expect.poll(() => canvasText(page), { timeout: 15_000 }).toContain('Windows Setup');
  await expectAccessible(page, testInfo, 'console');

  // Keyboard on the canvas, then the "type text" box (a product key).
  await page.getByRole('application', { name: `Screen of VM ${vmid}` }).click();
  await page.keyboard.type('lab-42');
  await expect.poll(() => canvasText(page)).toContain('lab-42');
  await page.getByLabel('Text to type into the VM').fill('KEY-0815');
  await page.getByRole('button', { name: 'Type it into the VM' }).click();
  await expect.poll(() => canvasText(page)).toContain('KEY-0815');
  const typed = await sim.control<{ typed: string }>('GET', `/vms/${vmid}/console`);
  expect(typed.typed).toContain('lab-42KEY-0815');
  await page.screenshot({ path: testInfo.outputPath('console-installer.png'), fullPage: true });

  // Shut down, eject the media, finalise as template.
  await page.getByRole('link', { name: '← My VMs' }).click();
  await row.getByRole('button', { name: 'Shut down: win11-console' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'has shut down' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(row).toContainText('Stopped');
  await row.getByRole('button', { name: 'Eject media: win11-console' }).click();
  // In a teacher's words: discs, not drive names (the engine says "Ejected ide2 and ide0").
  await expect(
    page.getByRole('status').filter({
      hasText: 'Removed the install disc and the drivers disc from win11-console',
    }),
  ).toBeVisible();
  await expect(row.getByRole('cell').nth(4)).toHaveText('none');
  await row.getByRole('button', { name: 'Finalise as template: win11-console' }).click();
  const finalise = page.getByRole('dialog', { name: 'Finalise win11-console as template' });
  await expectAccessible(page, testInfo, 'finalise dialog');
  await finalise.getByRole('button', { name: 'Convert to template' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Finalise/ })).toBeFocused();
  await expectAccessible(page, testInfo, 'finalise job progress');
  await expect(page.getByRole('heading', { name: `Template ready: VM ${vmid}` })).toBeVisible({
    timeout: 45_000,
  });
  await expect(page.getByRole('main')).not.toContainText(/\b(ide|sata)\d\b/);
  await expectAccessible(page, testInfo, 'finalise result');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'My VMs' })
    .click();
  await expect(page.getByRole('row', { name: 'win11-console' })).toContainText('Template');
  await expectAccessible(page, testInfo, 'my vms with a template');
  await page.screenshot({ path: testInfo.outputPath('my-vms-template.png'), fullPage: true });
  // On a phone each VM is a card: its actions stay reachable without scrolling sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  const del = page.getByRole('button', { name: 'Delete: win11-console' });
  await expect(del).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('my-vms-phone.png'), fullPage: true });
});

/** An API client signed in as `user` (its cookie kept, the CSRF header sent on writes). */
async function signedIn(baseURL: string, user: { username: string; password: string }) {
  const ctx = await apiRequest.newContext({ baseURL });
  const login = await ctx.post('/api/auth/login', { data: user });
  expect(login.status()).toBe(200);
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return {
    post: (path: string, data?: unknown) =>
      ctx.post(path, { headers: { 'x-csrf-token': csrf_token }, ...(data ? { data } : {}) }),
    dispose: () => ctx.dispose(),
  };
}
