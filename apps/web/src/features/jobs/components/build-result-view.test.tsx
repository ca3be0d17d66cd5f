import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeBuildResult } from '../../../testing/data.js';
import { JobResultView } from './build-result-view.js';

it('shows a finalise result as a template with what was ejected', () => {
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
  expect(screen.getByText('Ejected').nextElementSibling).toHaveTextContent('ide2, ide0');
});

it('shows a bulk result item by item', () => {
  render(
    <JobResultView
      result={{
        ok: false,
        job_id: 'j',
        cluster_id: 'lab',
        succeeded: 1,
        failed: 1,
        items: [
          { index: 1, name: 'lab-01', ok: true, vmid: 110, node: 'pve1', warnings: [] },
          { index: 2, name: 'lab-02', ok: false, error: 'no room on local-lvm', warnings: [] },
        ],
      }}
    />,
  );
  expect(screen.getByRole('heading', { name: '1 built, 1 failed' })).toBeVisible();
  const rows = screen.getAllByRole('row');
  expect(rows[1]).toHaveTextContent('lab-01110pve1built');
  expect(rows[2]).toHaveTextContent('lab-02——failed: no room on local-lvm');
});

it('offers no console link for a template build', () => {
  render(<JobResultView result={makeBuildResult({ template: true, name: 'tpl' })} />);
  expect(screen.getByRole('heading', { name: 'Template ready: tpl' })).toBeVisible();
  expect(screen.queryByRole('link')).not.toBeInTheDocument();
});
