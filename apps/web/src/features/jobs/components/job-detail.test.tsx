import { endpoints } from '@labforge/contracts';
import { act, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeJob } from '../../../testing/data.js';
import { FakeEventSource } from '../../../testing/fake-event-source.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, mockError, server } from '../../../testing/server.js';
import { queryKeys } from '../../../lib/query-keys.js';

it('shows an admin a failed build with its error details and its replayed task log', async () => {
  server.use(
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({
        status: 'failed',
        steps: [
          { name: 'resolve-iso', label: 'Find the ISO', status: 'done' },
          { name: 'create', label: 'Create the VM', status: 'failed' },
        ],
        error: {
          message: 'ISO file not found on any node',
          step: 'resolve-iso',
          details: { iso_file: 'local:iso/gone.iso' },
        },
      }),
    })),
    ...defaultHandlers('admin'),
  );
  renderApp('/jobs/job-1');
  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('The build failed');
  expect(alert).toHaveTextContent('ISO file not found on any node');
  expect(alert).toHaveTextContent('local:iso/gone.iso');
  expect(screen.getByText('Create the VM').closest('li')).toHaveTextContent('failed');
  const stream = FakeEventSource.latest();
  act(() => {
    stream.emit({ seq: 1, type: 'log', at: '2026-11-25T20:00:01Z', message: 'TASK ERROR: no ISO' });
  });
  expect(screen.getByRole('log', { name: 'Proxmox task log' })).toHaveTextContent(
    'TASK ERROR: no ISO',
  );
  // The server ends a finished job's stream: the page must not reconnect.
  act(() => stream.fail());
  expect(stream.closed).toBe(true);
});

it('says so when a job does not exist', async () => {
  server.use(mockError(endpoints.getJob, 404, 'job not found'), ...defaultHandlers());
  renderApp('/jobs/nope');
  expect(await screen.findByRole('alert')).toHaveTextContent('job not found');
});

it('cancels a running build and shows that it was cancelled', async () => {
  const cancelled = makeJob({
    status: 'cancelled',
    error: { message: 'cancelled by teacher; VM 105 removed' },
  });
  server.use(
    mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: makeJob() })),
    mockEndpoint(endpoints.cancelJob, ({ request }) => {
      if (request.headers.get('x-csrf-token') !== 'csrf-teacher') throw new Error('no CSRF token');
      return { ok: true as const, job: cancelled };
    }),
    ...defaultHandlers(),
  );
  const { user } = renderApp('/jobs/job-1');
  await user.click(await screen.findByRole('button', { name: 'Cancel the build' }));
  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('The build was cancelled');
  expect(alert).toHaveTextContent('cancelled by teacher; VM 105 removed');
  expect(screen.queryByRole('button', { name: 'Cancel the build' })).not.toBeInTheDocument();
  // The stream then ends with the cancelled job, and the page stops following it.
  const stream = FakeEventSource.latest();
  act(() => stream.emit({ seq: 9, type: 'done', at: '2026-11-25T20:00:09Z', job: cancelled }));
  expect(stream.closed).toBe(true);
  expect(screen.getByRole('alert')).toHaveTextContent('The build was cancelled');
});

it('marks the catalogue and the recent builds stale when the job says it ended', async () => {
  server.use(
    mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: makeJob() })),
    ...defaultHandlers(),
  );
  const { queryClient } = renderApp('/jobs/job-1');
  await screen.findByRole('heading', { name: 'Build ubuntu-test' });
  queryClient.setQueryData(queryKeys.catalogue, { ok: true, vms: [] });
  expect(queryClient.getQueryState(queryKeys.catalogue)?.isInvalidated).toBe(false);
  act(() => {
    FakeEventSource.latest().emit({ seq: 1, type: 'done', at: '2026-11-25T20:00:09Z' });
  });
  expect(queryClient.getQueryState(queryKeys.catalogue)?.isInvalidated).toBe(true);
});
