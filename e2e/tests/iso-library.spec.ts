import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

const MiB = 1024 * 1024;
/** 96 MiB served 8 MiB at a time every 250 ms (3 s), so the bar is seen moving. */
const SLOW_SIZE = 96 * MiB;
const chunk = Buffer.alloc(8 * MiB, 0x42);
const slowSha256 = (() => {
  const h = createHash('sha256');
  for (let i = 0; i < SLOW_SIZE / chunk.length; i++) h.update(chunk);
  return h.digest('hex');
})();

let mirror: Server;
let mirrorUrl: string;

test.beforeAll(async () => {
  mirror = createServer((req, res) => {
    if (req.url !== '/alpine-3.21-x86_64.iso') return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': 'application/x-iso9660-image',
      'content-length': SLOW_SIZE,
    });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= SLOW_SIZE) return void (clearInterval(timer), res.end());
      res.write(chunk);
      sent += chunk.length;
    }, 250);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  mirror.closeAllConnections();
  await new Promise((r) => mirror.close(r));
});

/** Builds a VM from `iso` in the form and returns its VMID once the job page says it is ready. */
async function buildFrom(page: Page, vmName: string, iso: string): Promise<number> {
  await page.getByRole('link', { name: 'Template Builder' }).click();
  const dialog = await openBuildForm(page);
  await dialog.getByLabel('VM name').fill(vmName);
  await dialog
    .getByRole('listbox', { name: 'ISO image' })
    .getByRole('option', { name: iso })
    .click();
  await dialog.getByLabel('OS type').selectOption({ label: 'Other Linux' });
  await dialog
    .getByRole('radiogroup', { name: 'Storage pool' })
    .getByRole('radio', { name: 'local-lvm' })
    .first()
    .check();
  await dialog.getByRole('button', { name: 'Build VM' }).click();
  await expect(page.getByRole('heading', { name: `VM ready: ${vmName}` })).toBeVisible({
    timeout: 45_000,
  });
  return Number(await resultFact(page, 'VMID'));
}

test('a teacher whose ISO is missing downloads it by URL with its SHA-256, watches the bar, and builds from it', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  await expect(isos.getByRole('option').first()).toBeVisible();
  await expect(isos.getByRole('option', { name: 'alpine-3.21-x86_64.iso' })).toHaveCount(0);
  await dialog.getByRole('link', { name: 'Add an ISO' }).click();

  await expect(page.getByRole('heading', { name: 'ISO library' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Download from URL' });
  await form.getByLabel('Link to the ISO file').fill(`${mirrorUrl}/alpine-3.21-x86_64.iso`);
  await form.getByLabel('Checksum (optional)').fill(slowSha256);
  await expect(form.getByLabel('Store it on')).toHaveValue('isos-nfs');
  await form.getByRole('button', { name: 'Download' }).click();

  const bar = form.getByRole('progressbar', { name: 'Download progress' });
  await expect(bar).toBeVisible();
  await expect(form.getByText(/MiB of 96\.0 MiB at/)).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: testInfo.outputPath('iso-download-progress.png'), fullPage: true });
  await expect(form.getByText('The ISO is ready')).toBeVisible({ timeout: 45_000 });
  const list = page.getByRole('region', { name: 'Installation ISOs' });
  await expect(list.getByRole('row').filter({ hasText: 'alpine-3.21-x86_64.iso' })).toContainText(
    'sha256 verified',
  );
  await page.screenshot({ path: testInfo.outputPath('iso-downloaded.png'), fullPage: true });

  const vmid = await buildFrom(page, 'alpine-from-url', 'alpine-3.21-x86_64.iso');
  const vm = await sim.findVm(vmid);
  const config = await sim.vmConfig(String(vm?.node), vmid);
  expect(String(config.ide2)).toMatch(/^isos-nfs:iso\/alpine-3\.21-x86_64\.iso,media=cdrom/);
});

test('a teacher uploads a small ISO from disk and builds from it', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  const file = testInfo.outputPath('class-tools.iso');
  writeFileSync(file, Buffer.alloc(4 * MiB, 0x17));
  await signIn('teacher');
  await page.getByRole('link', { name: 'ISO library' }).click();
  await page.getByRole('button', { name: 'Upload from this computer' }).click();
  const form = page.getByRole('region', { name: 'Upload from this computer' });
  await form.getByLabel('ISO file').setInputFiles(file);
  await expect(form.getByLabel('Save as')).toHaveValue('class-tools.iso');
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByText('The ISO is ready')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('iso-uploaded.png'), fullPage: true });
  await expect(
    page
      .getByRole('region', { name: 'Installation ISOs' })
      .getByRole('row')
      .filter({ hasText: 'class-tools.iso' }),
  ).toContainText('added by teacher');

  // At phone width the list stays readable (one card per ISO).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('iso-library-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  const vmid = await buildFrom(page, 'tools-from-upload', 'class-tools.iso');
  const vm = await sim.findVm(vmid);
  const config = await sim.vmConfig(String(vm?.node), vmid);
  expect(String(config.ide2)).toMatch(/^isos-nfs:iso\/class-tools\.iso,media=cdrom/);
});
