import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// Proves the browser toolchain (Debian Chromium driven by Playwright) works on this machine;
// the product journeys replace this once the app exists.
test('Chromium renders a page served on loopback', async ({ page }) => {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<h1>LabForge e2e</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('LabForge e2e');
  } finally {
    server.close();
  }
});
