import { endpoints } from '@labforge/contracts';
import { act, screen, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeJob } from '../../testing/data.js';
import { defaultHandlers } from '../../testing/handlers.js';
import { renderApp } from '../../testing/render-app.js';
import { mockEndpoint, server } from '../../testing/server.js';

it('moves focus to the new page heading after a navigation, not on the first page', async () => {
  server.use(
    mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: makeJob() })),
    ...defaultHandlers(),
  );
  const { router } = renderApp('/template-builder');
  const builder = await screen.findByRole('heading', { name: 'Template Builder', level: 1 });
  await waitFor(() => expect(document.title).toBe('Template Builder · LabForge'));
  expect(builder).not.toHaveFocus();

  await act(() => router.navigate('/jobs/job-1'));
  const job = await screen.findByRole('heading', { name: 'Build ubuntu-test', level: 1 });
  await waitFor(() => expect(job).toHaveFocus());
  expect(
    screen.getByText('Build ubuntu-test', { selector: '[role="status"]' }),
  ).toBeInTheDocument();
});
