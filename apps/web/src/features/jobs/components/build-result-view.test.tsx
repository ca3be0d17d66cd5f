import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render as rtlRender, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { expect, it } from 'vitest';
import { queryKeys } from '../../../lib/query-keys.js';
import { makeBuildResult, makeSession } from '../../../testing/data.js';
import { JobResultView } from './build-result-view.js';

function render(ui: ReactElement, session = makeSession('teacher')) {
  const client = new QueryClient();
  client.setQueryData(queryKeys.session, session);
  return rtlRender(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

it('shows a finalise result as a template with the discs it removed', () => {
  render(
    <JobResultView
      result={{
        ok: true,
        job_id: 'j',
        vmid: 105,
        node: 'pve1',
        template: true,
        ejected: ['ide2', 'ide0'],
        warnings: [],
      }}
    />,
  );
  expect(screen.getByRole('heading', { name: 'Template ready: VM 105' })).toBeVisible();
  expect(screen.getByText('Discs removed').nextElementSibling).toHaveTextContent(
    'the install disc and the drivers disc',
  );
});

it('offers no console link for a template build, only My VMs', () => {
  render(<JobResultView result={makeBuildResult({ template: true, name: 'tpl' })} />);
  expect(screen.getByRole('heading', { name: 'Template ready: tpl' })).toBeVisible();
  expect(screen.getByRole('link', { name: 'Open My VMs' })).toHaveAttribute('href', '/vms');
  expect(screen.queryByRole('link', { name: /Proxmox/ })).not.toBeInTheDocument();
});

it('points teachers at My VMs, and shows the Proxmox web UI link only to admins when configured', () => {
  const result = makeBuildResult({ cluster_id: 'lab' });
  const { unmount } = render(<JobResultView result={result} />);
  expect(
    screen.getByRole('link', { name: 'Start it and open the console on My VMs' }),
  ).toHaveAttribute('href', '/vms');
  expect(screen.queryByRole('link', { name: /in Proxmox/ })).not.toBeInTheDocument();
  unmount();
  const admin = makeSession('admin');
  render(<JobResultView result={result} />, admin);
  expect(screen.queryByRole('link', { name: /in Proxmox/ })).not.toBeInTheDocument();
  unmount();
  render(<JobResultView result={result} />, {
    ...admin,
    clusters: [{ id: 'lab', name: 'Lab', proxmox_web_ui: true }],
  });
  expect(screen.getByRole('link', { name: 'Open the console in Proxmox' })).toHaveAttribute(
    'href',
    result.console_url,
  );
});
