import { expect, test } from '../support/fixtures.js';
import type { SimClient } from '../support/sim-client.js';

/**
 * The console's own recovery: when the VM's QEMU process goes away (a shutdown inside the
 * installer, a stop), noVNC loses its connection and the page keeps trying with fresh one-time
 * tickets until the VM runs again. Full screen puts the screen, not the page, in front.
 * VM 100 (web-01, running on pve1) is a seeded VM; administrators may open any VM's console.
 */
test('the console reconnects by itself when the VM comes back, and goes full screen', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  test.setTimeout(90_000);
  await signIn('admin');
  await page.goto('/vms/classroom/100/console');
  const status = page.getByRole('status').filter({ hasText: /Connected|Reconnecting|Connecting/ });
  await expect(page.getByRole('heading', { name: 'Console: web-01' })).toBeVisible();
  await expect(status).toHaveText('Connected. Click the screen to type into the VM.');
  const firstConnections = await viewers(sim);
  expect(firstConnections).toBe(1);

  // Full screen shows the console frame alone.
  await page.getByRole('button', { name: 'Full screen' }).click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.className ?? 'none'))
    .toBe('console-frame');
  await page.evaluate(() => document.exitFullscreen());
  await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);

  // The VM stops: the screen goes away and the page says it is waiting for the VM.
  await waitTask(sim, await sim.api<string>('POST', '/nodes/pve1/qemu/100/status/stop'));
  await expect(
    page.getByText('The console closed (the VM may be restarting). Reconnecting…'),
  ).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/^Waiting for the VM… \(attempt \d+\)$/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Console: web-01' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('console-reconnecting.png') });
  expect(await viewers(sim)).toBe(0);

  // It runs again: the page reconnects on its own, without a click.
  await waitTask(sim, await sim.api<string>('POST', '/nodes/pve1/qemu/100/status/start'));
  await expect(status).toHaveText('Connected. Click the screen to type into the VM.', {
    timeout: 20_000,
  });
  await expect.poll(() => viewers(sim)).toBe(1);

  // "Reconnect" by hand replaces the connection instead of adding a second one.
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(status).toHaveText('Connected. Click the screen to type into the VM.');
  await expect.poll(() => viewers(sim)).toBe(1);
});

async function viewers(sim: SimClient): Promise<number> {
  const screen = await sim.control<{ connections: number }>('GET', '/vms/100/console');
  return screen.connections;
}

async function waitTask(sim: SimClient, upid: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await sim.api<{ status: string }>(
            'GET',
            `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
          )
        ).status,
      { timeout: 20_000 },
    )
    .toBe('stopped');
}
