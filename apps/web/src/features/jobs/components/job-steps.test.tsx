import { endpoints } from '@labforge/contracts';
import { act, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeJob } from '../../../testing/data.js';
import { FakeEventSource } from '../../../testing/fake-event-source.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, server } from '../../../testing/server.js';

it('shows a bulk job as one row per VM, in words, and places unplanned steps in order', async () => {
  server.use(
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({
        kind: 'bulk',
        request: { name_pattern: 'lab-{nn}' },
        steps: [
          { name: 'resolve-iso', label: 'Find the ISO', status: 'done' },
          { name: 'place', label: 'Choose a node', status: 'done' },
          { name: 'create', item: 'lab-01', label: 'Create the VM', status: 'done' },
          { name: 'create', item: 'lab-02', label: 'Create the VM', status: 'running' },
        ],
      }),
    })),
    ...defaultHandlers(),
  );
  renderApp('/jobs/job-1');
  const vms = await screen.findByRole('list', { name: 'VMs' });
  const rows = within(vms).getAllByRole('listitem');
  expect(rows.map((r) => r.textContent)).toEqual([
    expect.stringContaining('lab-01: Create the VM: done'),
    expect.stringContaining('lab-02: Create the VM: in progress'),
  ]);
  act(() => {
    FakeEventSource.latest().emit({
      seq: 1,
      type: 'step',
      at: '2026-11-25T20:00:01Z',
      step: 'convert-template',
      item: 'lab-01',
      status: 'running',
    });
  });
  expect(within(vms).getAllByRole('listitem')[0]).toHaveTextContent(
    'lab-01: Convert to template: in progress',
  );
});
