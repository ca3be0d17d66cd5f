import { endpoints } from '@labforge/contracts';
import { within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, server } from '../../../testing/server.js';

it('checks a build without building: where it would go and why, details for admins', async () => {
  const preflight = captureEndpoint(endpoints.preflightBuild, () => ({
    ok: true as const,
    would_succeed: false,
    placement: {
      node: 'pve1',
      reason: 'pve1: the only node holding the ISO',
      candidates: ['pve1'],
      rejected: [{ node: 'pve2', reasons: ['cannot read ISO local:iso/x.iso'] }],
    },
    checks: [
      { name: 'iso', ok: true, message: 'ISO readable by pve1' },
      {
        name: 'privileges:bridge',
        ok: false,
        message: 'missing SDN.Use on /sdn/zones/localnetwork/vmbr0',
      },
      { name: 'storage', ok: false, message: 'local-lvm has 12 GiB free, the disk needs 50 GiB' },
    ],
    warnings: ['memory_mb raised from 2048 to 4096 MB'],
    config: { ostype: 'l26', scsi0: 'local-lvm:50,iothread=1' },
  }));
  const build = captureEndpoint(endpoints.buildVm, () => {
    throw new Error('a check must not build');
  });
  server.use(preflight.handler, build.handler, ...defaultHandlers('admin'));
  const { user } = renderApp();
  const dialog = await openBuildDialog(user);
  await user.type(within(dialog).getByLabelText('VM name'), 'check-me');
  await user.click(
    await within(dialog).findByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
  );
  await user.click(within(dialog).getByRole('button', { name: 'Check without building' }));

  const report = await within(dialog).findByRole('status', { name: 'Check result' });
  expect(report).toHaveTextContent('This build would fail.');
  expect(report).toHaveTextContent('Failed: local-lvm has 12 GiB free, the disk needs 50 GiB');
  expect(report).toHaveTextContent('Passed: The ISO image can be read.');
  expect(report).toHaveTextContent(
    "Failed: LabForge's Proxmox account may not use the network bridge: ask an administrator.",
  );
  // The technical lines are behind the admin's "Details".
  // (the last one: each reworded warning has its own, the report's comes after them)
  const details = within(report).getAllByText('Details').at(-1)?.closest('details') as HTMLElement;
  expect(details).not.toHaveAttribute('open');
  expect(details).toHaveTextContent('missing SDN.Use on /sdn/zones/localnetwork/vmbr0');
  expect(report).toHaveTextContent('Not pve2: cannot read ISO local:iso/x.iso');
  expect(report).toHaveTextContent('Memory raised from 2048 to 4096 MB.');
  expect(within(report).getByText('scsi0').nextElementSibling).toHaveTextContent(
    'local-lvm:50,iothread=1',
  );
  expect(preflight.calls[0]?.body).toMatchObject({ vm_name: 'check-me', os_type: 'ubuntu' });
  expect(preflight.calls[0]?.body).not.toHaveProperty('async');
  expect(build.calls).toHaveLength(0);
});
