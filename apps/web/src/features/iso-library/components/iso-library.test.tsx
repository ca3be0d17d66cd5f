import { endpoints, type IsoLibraryResponse, type LibraryIso } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeIso, makeJob } from '../../../testing/data.js';
import { FakeEventSource } from '../../../testing/fake-event-source.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, mockError, server } from '../../../testing/server.js';

const entry = (name: string, over: Partial<LibraryIso> = {}): LibraryIso => ({
  ...makeIso(name),
  used_by: [],
  virtio: name.startsWith('virtio-win'),
  removable: false,
  ...over,
});

function library(over: Partial<IsoLibraryResponse> = {}): IsoLibraryResponse {
  return {
    ok: true,
    isos: [
      entry('Rocky-9.4-x86_64-minimal.iso', {
        storage: 'isos-nfs',
        shared: true,
        nodes: ['pve1', 'pve2'],
        used_by: [
          { vmid: 9000, name: 'rocky-template', node: 'pve1', template: true, drive: 'ide2' },
        ],
      }),
      entry('class-tools.iso', { removable: true, added_by: 'teacher' }),
      entry('virtio-win.iso'),
    ],
    targets: [
      {
        storage: 'isos-nfs',
        type: 'nfs',
        shared: true,
        nodes: ['pve1', 'pve2'],
        avail: 2 ** 40,
        total: 2 ** 41,
      },
    ],
    nodes: [{ node: 'pve1', status: 'ok', iso_count: 3 }],
    virtio: {
      nodes: [
        { node: 'pve1', volid: 'isos-nfs:iso/virtio-win.iso', version: 'unversioned file name' },
      ],
      source: { url: 'https://example.org/virtio-win.iso', filename: 'virtio-win.iso' },
      pinned: false,
    },
    access: { add_policy: 'teachers', may_add: true },
    upload_max_bytes: 2 ** 34,
    fetched_at: Date.now(),
    ...over,
  };
}

it('lists the ISOs with what uses them, and the drivers apart', async () => {
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.getIsoLibrary, () => library()),
  );
  renderApp('/iso-library');
  const isos = await screen.findByRole('region', { name: 'Installation ISOs' });
  expect(within(isos).getByText('Template 9000 rocky-template')).toBeVisible();
  expect(within(isos).queryByText('virtio-win.iso')).toBeNull();
  expect(within(isos).getByRole('button', { name: 'Remove class-tools.iso' })).toBeEnabled();
  expect(within(isos).queryByRole('button', { name: /Remove Rocky/ })).toBeNull();
  expect(screen.getByRole('region', { name: 'Driver ISOs' })).toBeVisible();
  expect(screen.getByRole('link', { name: 'ISO library' })).toBeVisible();
});

it('downloads from a URL with a checksum, shows bytes and speed, and can cancel', async () => {
  const start = captureEndpoint(
    endpoints.downloadIso,
    () => ({
      ok: true as const,
      job_id: 'job-7',
      status: 'queued' as const,
      status_url: '/api/vm-builder/jobs/job-7',
      events_url: '/api/vm-builder/jobs/job-7/events',
    }),
    202,
  );
  let cancelled = 0;
  const cancel = mockEndpoint(endpoints.cancelJob, () => {
    cancelled += 1;
    return { ok: true as const, job: makeJob({ id: 'job-7', status: 'cancelled' }) };
  });
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.getIsoLibrary, () => library()),
    start.handler,
    cancel,
  );
  const { user } = renderApp('/iso-library');
  await user.click(await screen.findByRole('button', { name: 'Download from URL' }));
  const form = screen.getByRole('region', { name: 'Download from URL' });
  expect(within(form).getByText(/Without a checksum nobody checks/)).toBeVisible();
  await user.type(
    within(form).getByLabelText('Link to the ISO file'),
    'http://mirror.lab/ubuntu.iso',
  );
  await user.type(within(form).getByLabelText('Checksum (optional)'), 'a'.repeat(64));
  await user.click(within(form).getByRole('button', { name: 'Download' }));
  await waitFor(() => expect(start.calls).toHaveLength(1));
  expect(start.calls[0]?.body).toMatchObject({
    url: 'http://mirror.lab/ubuntu.iso',
    storage: 'isos-nfs',
    checksum: 'a'.repeat(64),
    checksum_algorithm: 'sha256',
    async: true,
  });
  await waitFor(() => expect(FakeEventSource.latest().url).toContain('job-7'));
  FakeEventSource.latest().emit({
    seq: 3,
    type: 'progress',
    at: new Date().toISOString(),
    step: 'download-iso',
    fraction: 0.5,
    bytes: 32 * 2 ** 20,
    total: 64 * 2 ** 20,
    bytes_per_second: 10 * 2 ** 20,
  });
  expect(await within(form).findByText('32.0 MiB of 64.0 MiB at 10.0 MiB/s')).toBeVisible();
  expect(within(form).getByRole('progressbar', { name: 'Download progress' })).toHaveAttribute(
    'value',
    '0.5',
  );
  await user.click(within(form).getByRole('button', { name: 'Cancel download' }));
  await waitFor(() => expect(cancelled).toBe(1));
});

it('asks before removing, naming the ISO, and shows a refusal', async () => {
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.getIsoLibrary, () => library()),
    mockError(
      endpoints.removeIso,
      409,
      'class-tools.iso is still used by VM 120 (lab-1): remove it from their CD/DVD drive first',
    ),
  );
  const { user } = renderApp('/iso-library');
  await user.click(await screen.findByRole('button', { name: 'Remove class-tools.iso' }));
  const dialog = screen.getByRole('alertdialog', { name: 'Remove class-tools.iso?' });
  await user.click(within(dialog).getByRole('button', { name: 'Remove class-tools.iso' }));
  expect(await within(dialog).findByText(/still used by VM 120 \(lab-1\)/)).toBeVisible();
});

it('says when only administrators may add ISOs', async () => {
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.getIsoLibrary, () =>
      library({
        access: {
          add_policy: 'admins',
          may_add: false,
          reason: 'In this cluster only administrators may add ISOs.',
        },
      }),
    ),
  );
  renderApp('/iso-library');
  expect(
    await screen.findByText('In this cluster only administrators may add ISOs.'),
  ).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Download from URL' })).toBeNull();
});

it('lets an admin pin the virtio-win version', async () => {
  const pin = captureEndpoint(endpoints.pinVirtio, () => ({
    ok: true as const,
    pin: { url: 'https://mirror.lab/virtio-win-0.1.266.iso', sha256: 'b'.repeat(64) },
    filename: 'virtio-win-0.1.266.iso',
  }));
  server.use(
    ...defaultHandlers('admin'),
    mockEndpoint(endpoints.getIsoLibrary, () => library()),
    pin.handler,
  );
  const { user } = renderApp('/iso-library');
  await user.type(
    await screen.findByLabelText('virtio-win ISO link to pin'),
    'https://mirror.lab/virtio-win-0.1.266.iso',
  );
  await user.type(screen.getByLabelText('Its SHA-256'), 'b'.repeat(64));
  await user.click(screen.getByRole('button', { name: 'Pin this version' }));
  expect(await screen.findByText('Windows builds now use virtio-win-0.1.266.iso.')).toBeVisible();
  expect(pin.calls[0]?.body).toEqual({
    url: 'https://mirror.lab/virtio-win-0.1.266.iso',
    sha256: 'b'.repeat(64),
  });
});

it('offers a pinned cluster’s admin to remove the pin, and only then', async () => {
  const base = library();
  const pinned = { ...base, virtio: { ...base.virtio, pinned: true } };
  let current = pinned;
  const unpin = captureEndpoint(endpoints.unpinVirtio, () => {
    current = base;
    return { ok: true as const, pin: null, filename: 'virtio-win.iso' };
  });
  server.use(
    ...defaultHandlers('admin'),
    mockEndpoint(endpoints.getIsoLibrary, () => current),
    unpin.handler,
  );
  const { user } = renderApp('/iso-library');
  await user.click(await screen.findByRole('button', { name: 'Remove the pin' }));
  expect(
    await screen.findByText('Windows builds now use virtio-win.iso from the configured source.'),
  ).toBeVisible();
  expect(unpin.calls).toHaveLength(1);
  expect(screen.queryByRole('button', { name: 'Remove the pin' })).toBeNull();
});

it('moves the focus into a form opened by its button and back to the button on close', async () => {
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.getIsoLibrary, () => library()),
  );
  const { user } = renderApp('/iso-library');
  const open = await screen.findByRole('button', { name: 'Download from URL' });
  await user.click(open);
  const form = screen.getByRole('region', { name: 'Download from URL' });
  // The URL gets `?add=download`: that is no new page, the heading does not take the focus.
  await waitFor(() => expect(within(form).getByLabelText('Link to the ISO file')).toHaveFocus());
  await user.click(within(form).getByRole('button', { name: 'Close' }));
  await waitFor(() => expect(open).toHaveFocus());

  await user.click(await screen.findByRole('button', { name: 'Remove class-tools.iso' }));
  const dialog = screen.getByRole('alertdialog', { name: 'Remove class-tools.iso?' });
  // The confirmation opens on the safe choice.
  expect(within(dialog).getByRole('button', { name: 'Keep it' })).toHaveFocus();
});
