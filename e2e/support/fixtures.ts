import { test as base, expect, type Page } from '@playwright/test';
import { type DemoInfo, type DemoRole, readDemoInfo } from './demo-info.js';
import { SimClient } from './sim-client.js';

interface Fixtures {
  demo: DemoInfo;
  /** The simulator, reset to the e2e seed before the test: no VMs of earlier tests, no faults. */
  sim: SimClient;
  signIn: (role: DemoRole) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  demo: async ({}, use) => {
    await use(readDemoInfo());
  },
  baseURL: async ({ demo }, use) => {
    await use(demo.url);
  },
  sim: async ({ demo }, use) => {
    const sim = new SimClient(demo.sim.url, demo.sim.fingerprint, demo.sim);
    await sim.control('POST', '/reset');
    await use(sim);
    await sim.close();
  },
  signIn: async ({ page, demo }, use) => {
    await use(async (role) => {
      const user = demo.users[role];
      await page.goto('/login');
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/template-builder$/);
    });
  },
});

export { expect };

/** Opens the Build from Scratch modal and answers it. */
export async function openBuildForm(page: Page) {
  await page.getByRole('button', { name: 'Build from Scratch' }).click();
  const dialog = page.getByRole('dialog', { name: 'Build from Scratch' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A fact of the build result (VMID, Node, ...), read from its description list. */
export async function resultFact(page: Page, term: string): Promise<string> {
  const fact = page
    .getByRole('region', { name: /ready:/ })
    .locator('div')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) });
  return (await fact.getByRole('definition').innerText()).trim();
}
