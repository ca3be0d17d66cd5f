import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.js';
import { expect, resultFact, test } from '../support/fixtures.js';

/** What has the keyboard focus: its tag, type, accessible label and text. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      type: el?.getAttribute('type') ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      text: el?.textContent?.trim() ?? '',
    };
  });
}

/** Presses `key` until the focused element matches, at most `max` times. */
async function pressUntil(
  page: Page,
  key: string,
  match: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 60,
) {
  for (let i = 0; i < max; i++) {
    if (match(await focused(page))) return;
    await page.keyboard.press(key);
  }
  throw new Error(`pressed ${key} ${max} times without reaching the element`);
}

test('a teacher builds the Ubuntu example with the keyboard only', async ({
  page,
  demo,
}, testInfo) => {
  await page.goto('/login');
  await page.keyboard.press('Tab'); // skip to the first field of the sign-in page
  await pressUntil(page, 'Tab', (f) => f.tag === 'input' && f.type === 'text');
  await page.keyboard.type(demo.users.teacher.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(demo.users.teacher.password);
  await page.keyboard.press('Enter');

  // After the navigation the page's heading has the focus (a screen reader announces it).
  await expect(page.getByRole('heading', { name: 'Template Builder', level: 1 })).toBeFocused();
  await pressUntil(page, 'Tab', (f) => f.text === 'Build from Scratch');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Build from Scratch' });
  await expect(dialog.getByLabel('VM name')).toBeFocused();
  await page.keyboard.type('ubuntu-test');

  // Into the ISO list, then the arrows walk it without choosing anything on the way.
  const isos = dialog.getByRole('radiogroup', { name: 'ISO image' });
  await expect(isos.getByRole('radio').first()).toBeVisible();
  const os = dialog.getByLabel('OS type');
  const osBefore = await os.inputValue();
  await pressUntil(page, 'Tab', (f) => f.tag === 'input' && f.type === 'radio');
  await pressUntil(page, 'ArrowDown', (f) => f.label === 'ubuntu-22.04-live-server-amd64.iso');
  await expect(isos.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(os).toHaveValue(osBefore);
  await page.keyboard.press('Space');
  await expect(
    isos.getByRole('radio', { name: 'ubuntu-22.04-live-server-amd64.iso' }).first(),
  ).toBeChecked();
  await expect(os).toHaveValue('ubuntu');

  await pressUntil(page, 'Tab', (f) => f.text === 'Build VM');
  await expectAccessible(page, testInfo, 'dialog filled by keyboard');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/jobs\//);
  await expect(page.getByRole('heading', { name: 'Build ubuntu-test', level: 1 })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'VM ready: ubuntu-test' })).toBeVisible({
    timeout: 45_000,
  });
  expect(Number(await resultFact(page, 'VMID'))).toBeGreaterThanOrEqual(100);
  // Teachers have no Proxmox account: the result leads to My VMs, where the console opens.
  await pressUntil(page, 'Tab', (f) => f.text === 'Start it and open the console on My VMs');
  await page.screenshot({ path: testInfo.outputPath('keyboard-result.png'), fullPage: true });
});
