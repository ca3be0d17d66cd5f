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
      role: el?.getAttribute('role') ?? '',
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

  // Enter in the search box filters and does not submit (no error appears, the dialog stays).
  await pressUntil(page, 'Tab', (f) => f.label === 'Search ISO images');
  await page.keyboard.type('ubuntu');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  // Enter in the name field submits: only the ISO is missing, so focus goes into the list.
  await pressUntil(page, 'Shift+Tab', (f) => f.tag === 'input' && f.type === 'text');
  await page.keyboard.press('Enter');
  await expect(
    dialog.getByRole('alert').filter({ hasText: 'Please select an ISO image' }),
  ).toBeVisible();
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  await expect(isos).toHaveAttribute('aria-invalid', 'true');
  await expect(isos.getByRole('option').first()).toBeFocused();
  // Only one option sits in the Tab order (roving tabindex).
  await expect(isos.locator('[role="option"][tabindex="0"]')).toHaveCount(1);

  // The arrows, Home and End walk the listbox without choosing anything on the way.
  const os = dialog.getByLabel('OS type');
  const osBefore = await os.inputValue();
  await page.keyboard.press('End');
  await expect(isos.getByRole('option').last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(isos.getByRole('option').first()).toBeFocused();
  await pressUntil(page, 'ArrowDown', (f) => f.label === 'Win11_24H2_English_x64.iso');
  await pressUntil(page, 'ArrowUp', (f) => f.label === 'ubuntu-22.04-live-server-amd64.iso');
  await expect(isos.getByRole('option', { selected: true })).toHaveCount(0);
  await expect(os).toHaveValue(osBefore);
  await page.keyboard.press('Space');
  const ubuntu = isos.getByRole('option', {
    name: 'ubuntu-22.04-live-server-amd64.iso',
    selected: true,
  });
  await expect(ubuntu).toHaveCount(1);
  await expect(ubuntu).toBeFocused();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
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
