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

it('offers no console link for a template build', () => {
  render(<JobResultView result={makeBuildResult({ template: true, name: 'tpl' })} />);
  expect(screen.getByRole('heading', { name: 'Template ready: tpl' })).toBeVisible();
  expect(screen.queryByRole('link')).not.toBeInTheDocument();
});
