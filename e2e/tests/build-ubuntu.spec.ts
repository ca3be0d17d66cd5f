import { expect, openBuildForm, resultFact, test } from '../support/fixtures.js';

test('a teacher builds the specification’s Ubuntu example and the VM exists, stopped, with the ISO', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('teacher');
  await expect(page.getByRole('heading', { name: 'Template Builder' })).toBeVisible();

  const opened = Date.now();
  const dialog = await openBuildForm(page);
  const isos = dialog.getByRole('listbox', { name: 'ISO image' });
  await expect(isos.getByRole('option').first()).toBeVisible();
  testInfo.annotations.push({
    type: 'form-to-first-isos-ms',
    description: String(Date.now() - opened),
  });

  // Every node answered: its own local ISOs under its name, the shared storage once with all readers.
  const pve1 = isos.getByRole('group', { name: 'Node pve1' });
  const pve2 = isos.getByRole('group', { name: 'Node pve2' });
  const pve3 = isos.getByRole('group', { name: 'Node pve3' });
  await expect(
    pve1.getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
  ).toBeVisible();
  await expect(pve2.getByRole('option', { name: 'Win11_24H2_English_x64.iso' })).toBeVisible();
  await expect(pve3.getByRole('option')).toHaveCount(1);
  const shared = isos.getByRole('group', { name: 'Shared storage' });
  await expect(shared.getByText('readable by pve1, pve2, pve3')).toBeVisible();
  // The Windows drivers ISO is attached by the builder, never offered as an installation ISO.
  await expect(shared.getByRole('option', { name: 'Rocky-9.4-x86_64-minimal.iso' })).toBeVisible();
  await expect(shared.getByRole('option', { name: 'virtio-win.iso' })).toHaveCount(0);

  await dialog.getByLabel('VM name').fill('ubuntu-test');
  await pve1.getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }).click();
  await expect(dialog.getByText('The VM will be built on node pve1')).toBeVisible();
  await dialog.getByLabel('OS type').selectOption({ label: 'Ubuntu' });
  await dialog
    .getByRole('radiogroup', { name: 'Storage pool' })
    .getByRole('radio', { name: 'local-lvm' })
    .check();
  await dialog.getByLabel('CPU cores').fill('2');
  await dialog.getByLabel('Memory (MB)').fill('2048');
  await dialog.getByLabel('Disk size (GB)').fill('32');
  await dialog.getByLabel('Network bridge').selectOption('vmbr0');
  await page.screenshot({ path: testInfo.outputPath('ubuntu-form.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Build VM' }).click();

  await expect(page).toHaveURL(/\/jobs\//);
  await expect(page.getByRole('heading', { name: 'VM ready: ubuntu-test' })).toBeVisible({
    timeout: 45_000,
  });
  const vmid = Number(await resultFact(page, 'VMID'));
  expect(vmid).toBeGreaterThanOrEqual(100);
  expect(await resultFact(page, 'Node')).toBe('pve1');
  // The progress that led here: every step listed, none failed; then the way to the console.
  const steps = page.getByRole('region', { name: 'Steps' }).getByRole('listitem');
  await expect(steps.first()).toBeVisible();
  await expect(steps.filter({ hasText: ': failed' })).toHaveCount(0);
  // Teachers have no Proxmox account: the way on is My VMs (Start, Console), not the web UI.
  await expect(
    page.getByRole('link', { name: 'Start it and open the console on My VMs' }),
  ).toHaveAttribute('href', '/vms');
  await expect(page.getByRole('link', { name: 'Open the console in Proxmox' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('ubuntu-built.png'), fullPage: true });

  // The simulator, asked directly as root@pam, has the VM as LabForge reported it.
  expect(await sim.findVm(vmid)).toMatchObject({ node: 'pve1', status: 'stopped', template: 0 });
  const config = await sim.vmConfig('pve1', vmid);
  expect(config.name).toBe('ubuntu-test');
  expect(String(config.ide2)).toMatch(
    /^local:iso\/ubuntu-22\.04-live-server-amd64\.iso,media=cdrom/,
  );
  expect(Number(config.cores) * Number(config.sockets ?? 1)).toBe(2);
  expect(Number(config.memory)).toBe(2048);
  expect(String(config.net0)).toContain('bridge=vmbr0');
  const disks = Object.entries(config).filter(
    ([key, value]) => /^(scsi|virtio|sata)\d+$/.test(key) && String(value).startsWith('local-lvm:'),
  );
  expect(disks.map(([, value]) => String(value).match(/size=(\w+)/)?.[1])).toEqual(['32G']);
});
