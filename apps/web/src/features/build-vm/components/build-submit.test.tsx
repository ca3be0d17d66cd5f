import { endpoints } from '@labforge/contracts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeBuildResult, makeJob, makeStorage } from '../../../testing/data.js';
import { FakeEventSource } from '../../../testing/fake-event-source.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, mockError, server } from '../../../testing/server.js';

const accepted = {
  ok: true as const,
  job_id: 'job-1',
  status: 'queued' as const,
  status_url: '/api/vm-builder/jobs/job-1',
  events_url: '/api/vm-builder/jobs/job-1/events',
};

const storages = mockEndpoint(endpoints.listStorages, () => ({
  ok: true as const,
  storages: [makeStorage('local-lvm', 400), makeStorage('tank', 900)],
}));

async function fillUbuntuExample(user: ReturnType<typeof renderApp>['user']) {
  const dialog = await openBuildDialog(user);
  await user.type(within(dialog).getByLabelText('VM name'), 'ubuntu-test');
  await user.click(
    await within(dialog).findByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
  );
  await user.selectOptions(within(dialog).getByLabelText('OS type'), 'ubuntu');
  for (const [label, value] of [
    ['CPU cores', '4'],
    ['Memory (MB)', '4096'],
    ['Disk size (GB)', '50'],
  ] as const) {
    await user.clear(within(dialog).getByLabelText(label));
    await user.type(within(dialog).getByLabelText(label), value);
  }
  await user.click(await within(dialog).findByRole('radio', { name: 'local-lvm' }));
  return dialog;
}

describe('Build VM', () => {
  it('sends the exact async request and follows the job live to its result', async () => {
    const build = captureEndpoint(endpoints.buildVm, () => accepted, 202);
    server.use(
      build.handler,
      storages,
      mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: makeJob() })),
      ...defaultHandlers(),
    );
    const { user, router } = renderApp();
    const dialog = await fillUbuntuExample(user);
    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));

    expect(await screen.findByRole('heading', { name: 'Build ubuntu-test' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/jobs/job-1');
    expect(build.calls).toHaveLength(1);
    expect(build.calls[0]?.body).toEqual({
      vm_name: 'ubuntu-test',
      os_type: 'ubuntu',
      iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      cpu_cores: 4,
      memory_mb: 4096,
      disk_size_gb: 50,
      storage: 'local-lvm',
      network_bridge: 'vmbr0',
      convert_to_template: false,
      async: true,
    });
    expect(build.calls[0]?.headers.get('x-csrf-token')).toBe('csrf-teacher');

    const stream = FakeEventSource.latest();
    expect(stream.url).toBe('/api/vm-builder/jobs/job-1/events');
    const at = '2026-11-25T20:00:01Z';
    act(() => {
      stream.emit({
        seq: 1,
        type: 'step',
        at,
        step: 'resolve-iso',
        status: 'done',
        message: 'found on pve1',
      });
      stream.emit({ seq: 2, type: 'step', at, step: 'create', status: 'running' });
      stream.emit({ seq: 3, type: 'log', at, message: 'TASK: qmcreate 105: started' });
      stream.emit({
        seq: 4,
        type: 'warning',
        at,
        message: 'ISO stays attached until you eject it',
      });
    });
    expect(screen.getByText('Find the ISO').closest('li')).toHaveTextContent('done');
    expect(screen.getByText('found on pve1')).toBeVisible();
    expect(screen.getByText('Create the VM').closest('li')).toHaveTextContent('in progress');
    // Proxmox's task log is for admins (job-detail.test.tsx); a teacher follows the steps.
    expect(screen.queryByRole('log', { name: 'Proxmox task log' })).not.toBeInTheDocument();
    expect(screen.getByText('ISO stays attached until you eject it')).toBeVisible();

    const result = makeBuildResult();
    const finished = makeJob({
      status: 'succeeded',
      steps: makeJob().steps.map((s) => ({ ...s, status: 'done' as const })),
      warnings: ['ISO stays attached until you eject it'],
      result,
    });
    act(() => stream.emit({ seq: 5, type: 'done', at, job: finished }));
    expect(stream.closed).toBe(true);
    const done = await screen.findByRole('region', { name: 'VM ready: ubuntu-test' });
    expect(within(done).getByText('VMID').nextElementSibling).toHaveTextContent('105');
    expect(within(done).getByText('Node').nextElementSibling).toHaveTextContent('pve1');
    // Teachers have no Proxmox account: the result points at My VMs, not the Proxmox web UI.
    expect(
      within(done).getByRole('link', { name: 'Start it and open the console on My VMs' }),
    ).toHaveAttribute('href', '/vms');
    expect(within(done).queryByRole('link', { name: /in Proxmox/ })).not.toBeInTheDocument();
    expect(within(done).getByText(/install the operating system/)).toBeVisible();
    expect(screen.queryByRole('button', { name: /start/i })).not.toBeInTheDocument();
  });

  it('sends a bulk build with a count and a name pattern', async () => {
    const bulk = captureEndpoint(endpoints.buildBulk, () => accepted, 202);
    server.use(
      bulk.handler,
      mockEndpoint(endpoints.getJob, () => ({
        ok: true as const,
        job: makeJob({ kind: 'bulk', request: { name_pattern: 'lab-{nn}', count: 3 } }),
      })),
      ...defaultHandlers(),
    );
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await user.click(within(dialog).getByLabelText('Build several VMs at once'));
    const count = within(dialog).getByLabelText('Number of VMs');
    await user.clear(count);
    await user.type(count, '3');
    expect(within(dialog).getByLabelText('Name pattern')).toHaveAccessibleDescription(
      /lab-01, lab-02, lab-03/,
    );
    await user.click(await within(dialog).findByRole('option', { name: /^Win11/ }));
    await user.click(within(dialog).getByLabelText('Convert to template after creation'));
    await user.click(within(dialog).getByText('Advanced'));
    await user.selectOptions(within(dialog).getByLabelText('QEMU guest agent'), 'off');
    await user.type(within(dialog).getByLabelText('CPU flags'), '+aes -pcid');
    await user.click(within(dialog).getByRole('button', { name: 'Build 3 VMs' }));

    expect(await screen.findByRole('heading', { name: 'Build lab-01 … lab-03' })).toBeVisible();
    expect(bulk.calls[0]?.body).toEqual({
      count: 3,
      name_pattern: 'lab-{nn}',
      os_type: 'windows11',
      iso_file: 'local:iso/Win11_24H2_English_x64.iso',
      cpu_cores: 2,
      memory_mb: 4096,
      disk_size_gb: 64,
      network_bridge: 'vmbr0',
      convert_to_template: true,
      agent: false,
      cpu_flags: ['+aes', '-pcid'],
      async: true,
    });
  });

  it('shows a refusal next to the form in plain words with its details', async () => {
    server.use(
      mockError(endpoints.buildVm, 507, 'storage local-lvm on pve1 has not enough free space', {
        storage: 'local-lvm',
        node: 'pve1',
        needed_bytes: 50 * 1024 ** 3,
        avail_bytes: 12 * 1024 ** 3,
        fields: { storage: 'storage local-lvm has 12 GiB free, the disk needs 50 GiB' },
      }),
      storages,
      ...defaultHandlers(),
    );
    const { user, router } = renderApp();
    const dialog = await fillUbuntuExample(user);
    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));

    const box = await within(dialog).findByText('Not enough storage space');
    const region = box.closest('[role="alert"]') as HTMLElement;
    expect(region).toHaveTextContent('storage local-lvm on pve1 has not enough free space');
    expect(within(region).getByText('needed bytes').nextElementSibling).toHaveTextContent(
      '50.0 GiB',
    );
    expect(within(region).getByText('avail bytes').nextElementSibling).toHaveTextContent(
      '12.0 GiB',
    );
    // The field message lands next to the storage picker.
    const pools = within(dialog).getByRole('radiogroup', { name: 'Storage pool' });
    expect(pools).toHaveAccessibleDescription(
      'Storage pool local-lvm has 12 GiB free, the disk needs 50 GiB',
    );
    expect(router.state.location.pathname).toBe('/template-builder');
  });
});
