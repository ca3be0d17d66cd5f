import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

/** The page scrolls only vertically: nothing is wider than the viewport. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

/** Inside the viewport horizontally (a label or radio pushed off-screen fails this). */
async function expectInView(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box).not.toBeNull();
  expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width + 1);
}

/** Every visible button and link of `scope` is at least 44 px high (touch screens). */
async function expectTouchTargets(scope: Locator) {
  const small = await scope.evaluate((root) =>
    Array.from(root.querySelectorAll<HTMLElement>('button, a.button-small, a.button-primary'))
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName),
  );
  expect(small).toEqual([]);
}

/** Taps on touch screens (the phone project), clicks elsewhere. */
async function press(locator: Locator, touch: boolean) {
  if (touch) await locator.tap();
  else await locator.click();
}

// Runs once per viewport project (phone 390x844 with touch, tablet 768x1024, desktop 1440x900).
test('sign in, build the Ubuntu example, see the result, the VM in the lists and its console, accessibly', async ({
  page,
  sim: _sim, // the simulator back at its seed: every node online, whatever ran before
  signIn,
  hasTouch,
}, testInfo) => {
  test.setTimeout(180_000);
  // One VM name per viewport: the three projects share one demo (and My VMs lists them all).
  const vm = `ubuntu-${testInfo.project.name}`;
  // The dialog is fixed over the page: a full-page shot would show the page beneath it.
  const shot = (name: string, fullPage = true) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage });
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, testInfo, 'login');
  await shot('login');
  await signIn('teacher');

  await expect(page.getByRole('heading', { name: 'Template Builder' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Templates and built VMs' })).toBeVisible();
  await expect(page.getByText('Loading templates…')).toBeHidden();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page, testInfo, 'template builder');
  await shot('builder');

  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  const ubuntu = isos
    .getByRole('group', { name: 'Node pve1' })
    .getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' });
  await expect(ubuntu).toBeVisible();
  // The dialog opens at its top-left with the first field focused and its label on screen.
  await expect(dialog.getByLabel('VM name')).toBeFocused();
  await expectInView(page, dialog.getByText('VM name', { exact: true }));
  await expectInView(page, ubuntu);
  await expectNoSidewaysScroll(page);

  await press(dialog.getByRole('button', { name: 'Build VM' }), hasTouch);
  await expect(
    dialog.getByRole('alert').filter({ hasText: 'Please select an ISO image' }),
  ).toBeVisible();
  await expectAccessible(page, testInfo, 'build dialog with errors');
  await shot('dialog-errors', false);

  await dialog.getByLabel('VM name').fill(vm);
  await press(ubuntu, hasTouch);
  await expect(ubuntu).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByLabel('OS type')).toHaveValue('ubuntu');
  await dialog.getByLabel('CPU cores').fill('2');
  await dialog.getByLabel('Memory (MB)').fill('2048');
  await dialog.getByLabel('Disk size (GB)').fill('32');
  await dialog.getByLabel('Network bridge').selectOption('vmbr0');
  const build = dialog.getByRole('button', { name: 'Build VM' });
  const target = await build.boundingBox();
  expect(target?.height ?? 0).toBeGreaterThanOrEqual(hasTouch ? 44 : 0);
  await shot('dialog-filled', false);
  await press(build, hasTouch);

  await expect(page).toHaveURL(/\/jobs\//);
  await expect(page.getByRole('heading', { name: `Build ${vm}` })).toBeFocused();
  await expectAccessible(page, testInfo, 'job progress');
  await expect(page.getByRole('heading', { name: `VM ready: ${vm}` })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = await resultFact(page, 'VMID');
  const steps = page.getByRole('region', { name: 'Steps' });
  await expect(steps).not.toContainText('VirtIO');
  await expect(steps.getByRole('listitem').filter({ hasText: ': failed' })).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await expectAccessible(page, testInfo, 'result');
  await shot('result');

  // Back to the list by the app's own link (no reload): the VM just built is there.
  await press(page.getByRole('link', { name: '← Template Builder' }), hasTouch);
  await expect(page.getByRole('heading', { name: 'Template Builder' })).toBeFocused();
  const catalogue = page.getByRole('region', { name: 'Templates and built VMs' });
  // (tr, not role=row: a phone shows each row as a card)
  const row = catalogue.locator('tr', { hasText: vm }).filter({ hasText: vmid });
  await expect(row).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page, testInfo, 'template builder after the build');
  await shot('builder-after');
  await page
    .getByRole('region', { name: 'Your recent builds' })
    .screenshot({ path: testInfo.outputPath('jobs-list.png') });

  // My VMs: the VM just built, its actions in reach (44 px on touch), then its console.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await press(nav.getByRole('link', { name: 'My VMs' }), hasTouch);
  await expect(page.getByRole('heading', { name: 'My VMs', level: 1 })).toBeFocused();
  const start = page.getByRole('button', { name: `Start: ${vm}` });
  await expect(start).toBeVisible();
  await expectInView(page, start);
  await expectNoSidewaysScroll(page);
  if (hasTouch) await expectTouchTargets(page.getByRole('main'));
  await expectAccessible(page, testInfo, 'my vms');
  await shot('my-vms');
  await press(start, hasTouch);
  const consoleLink = page.getByRole('link', { name: `Console: ${vm}` });
  await expect(consoleLink).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, testInfo, 'my vms with a running VM');
  await press(consoleLink, hasTouch);
  // (noVNC takes the focus for the VM's screen once it connects.)
  await expect(page.getByRole('heading', { name: `Console: ${vm}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Connected.' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  if (hasTouch) await expectTouchTargets(page.getByRole('main'));
  await expectAccessible(page, testInfo, 'console');
  await shot('console');

  // The ISO library: the list as cards on a phone, the download form in view.
  await press(nav.getByRole('link', { name: 'ISO library' }), hasTouch);
  await expect(page.getByRole('heading', { name: 'ISO library', level: 1 })).toBeFocused();
  await expect(page.getByRole('region', { name: 'Installation ISOs' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  if (hasTouch) await expectTouchTargets(page.getByRole('main'));
  await expectAccessible(page, testInfo, 'iso library');
  await shot('iso-library');
  await press(page.getByRole('button', { name: 'Download from URL' }), hasTouch);
  const download = page.getByRole('region', { name: 'Download from URL' });
  await expect(download.getByLabel('Link to the ISO file')).toBeFocused();
  await expectInView(page, download.getByLabel('Link to the ISO file'));
  await expectNoSidewaysScroll(page);
  await expectAccessible(page, testInfo, 'iso library download form');
  await shot('iso-library-download');
});
