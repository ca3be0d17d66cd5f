import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '../app/provider.js';
import { routes } from '../app/routes.js';
import { createAppQueryClient } from '../app/create-app-query-client.js';

/** Renders the whole app at `path`, with a fresh cache and no retries. */
export function renderApp(path = '/template-builder') {
  const queryClient = createAppQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, user, router, queryClient };
}

/** Opens the Template Builder's modal and returns it. */
export async function openBuildDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Build from Scratch' }));
  return screen.findByRole('dialog', { name: 'Build from Scratch' });
}
