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

/** Signs `user` in through the API in the page's own browser context (its cookie is the page's). */
async function signInByApi(page: Page, user: { username: string; password: string }) {
  const login = await page.request.post('/api/auth/login', { data: user });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { csrf_token: string }).csrf_token;
}

/**
 * Presses Tab until the element labelled `last` has the focus (at most `max` times) and returns
 * the accessible label or text of each element focused on the way; each shows a focus ring.
 */
async function tabUntil(page: Page, last: string, max = 60) {
  const seen: string[] = [];
  for (let i = 0; i < max && seen.at(-1) !== last; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f.label || f.text);
    await expectVisibleFocus(page);
  }
  return seen;
}

/** The focused element shows a focus ring (an outline at least 2 px wide). */
async function expectVisibleFocus(page: Page) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { style: 'none', width: 0 };
    const css = getComputedStyle(el);
    return { style: css.outlineStyle, width: parseFloat(css.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
}

/** Tab and Shift+Tab stay inside `dialog` (focus is trapped). */
async function expectFocusTrapped(page: Page, dialogName: string, presses = 8) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(key);
      const inside = await page.evaluate(
        (name) =>
          document.activeElement
            ?.closest('[role="dialog"], [role="alertdialog"]')
            ?.querySelector('h2')?.textContent === name,
        dialogName,
      );
      expect(inside, `${key} #${i + 1} left the dialog "${dialogName}"`).toBe(true);
      await expectVisibleFocus(page);
    }
  }
}

test('My VMs and the ISO library by keyboard: tab order, visible focus, dialogs trap and return focus', async ({
  page,
  demo,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/login');
  const csrf = await signInByApi(page, demo.users.teacher);
  const built = await page.request.post('/api/vm-builder/build', {
    headers: { 'x-csrf-token': csrf },
    data: {
      vm_name: 'kb-vm',
      iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      os_type: 'ubuntu',
      node: 'pve1',
    },
    timeout: 60_000,
  });
  expect(built.status(), await built.text()).toBe(200);

  // My VMs: skip link, header, then the row's actions in reading order, each with a focus ring.
  await page.goto('/vms');
  await expect(page.getByRole('button', { name: 'Delete: kb-vm' })).toBeVisible();
  const order = await tabUntil(page, 'Delete: kb-vm');
  const actions = [
    'Start and boot from ISO: kb-vm',
    'Start: kb-vm',
    'Eject media: kb-vm',
    'Finalise as template: kb-vm',
    'Delete: kb-vm',
  ];
  expect(order.slice(0, 4)).toEqual(['Skip to content', 'LabForge', 'Template Builder', 'My VMs']);
  expect(order.filter((l) => actions.includes(l))).toEqual(actions);

  // The delete confirmation opens on "Keep it", traps the focus, and Escape gives it back.
  await page.getByRole('button', { name: 'Delete: kb-vm' }).focus();
  await page.keyboard.press('Enter');
  const del = page.getByRole('alertdialog', { name: 'Delete kb-vm?' });
  await expect(del.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await expectAccessible(page, testInfo, 'delete confirmation');
  await expectFocusTrapped(page, 'Delete kb-vm?');
  await page.keyboard.press('Escape');
  await expect(del).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete: kb-vm' })).toBeFocused();

  // The finalise dialog does the same; "Keep it" on delete left the VM in place.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Finalise as template: kb-vm' })).toBeFocused();
  await page.keyboard.press('Enter');
  const finalise = page.getByRole('dialog', { name: 'Finalise kb-vm as template' });
  await expect(finalise).toBeVisible();
  await expectFocusTrapped(page, 'Finalise kb-vm as template');
  await page.keyboard.press('Escape');
  await expect(finalise).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Finalise as template: kb-vm' })).toBeFocused();

  // The ISO library (as an admin, who may remove any unused ISO).
  await signInByApi(page, demo.users.admin);
  await page.goto('/iso-library');
  await expect(page.getByRole('heading', { name: 'ISO library', level: 1 })).toBeVisible();
  await pressUntil(page, 'Tab', (f) => f.text === 'Download from URL');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const download = page.getByRole('region', { name: 'Download from URL' });
  await expect(download.getByLabel('Link to the ISO file')).toBeFocused();
  await pressUntil(page, 'Tab', (f) => f.text === 'Close');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(download).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download from URL' })).toBeFocused();

  // A remove confirmation opens on "Keep it", traps the focus, and gives it back on Escape.
  await pressUntil(page, 'Tab', (f) => f.label.startsWith('Remove ') && f.tag === 'button');
  await expectVisibleFocus(page);
  const opener = (await focused(page)).label;
  await page.keyboard.press('Enter');
  const remove = page.getByRole('alertdialog', { name: `${opener}?` });
  await expect(remove.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await expectAccessible(page, testInfo, 'remove confirmation');
  await expectFocusTrapped(page, `${opener}?`);
  await page.keyboard.press('Escape');
  await expect(remove).toHaveCount(0);
  await expect(page.getByRole('button', { name: opener })).toBeFocused();
});
