import { endpoints } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, mockError, server } from '../../../testing/server.js';

describe('sign in and out', () => {
  it('sends a signed-out user to the sign-in page and back where they wanted to go', async () => {
    let signedIn = false;
    const login = captureEndpoint(endpoints.login, () => {
      signedIn = true;
      return makeSession('teacher');
    });
    server.use(
      http.get('*/api/auth/session', () =>
        signedIn
          ? HttpResponse.json(makeSession('teacher'))
          : HttpResponse.json({ ok: false, error: 'not signed in' }, { status: 401 }),
      ),
      login.handler,
      ...defaultHandlers(),
    );
    const { user, router } = renderApp('/template-builder');
    expect(await screen.findByRole('heading', { name: 'Sign in to LabForge' })).toBeVisible();
    expect(router.state.location.search).toBe('?next=%2Ftemplate-builder');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('username is required')).toBeVisible();

    await user.type(screen.getByLabelText('Username'), 'teacher');
    await user.type(screen.getByLabelText('Password'), 'teacher-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Template Builder' })).toBeVisible();
    expect(login.calls[0]?.body).toEqual({ username: 'teacher', password: 'teacher-password' });
    expect(screen.getByLabelText('Signed in user')).toHaveTextContent('teacher Teacher');
    expect(screen.getByRole('link', { name: 'API docs' })).toHaveAttribute('href', '/docs');
  });

  it('says plainly when the password is wrong', async () => {
    server.use(
      mockError(endpoints.getSession, 401, 'not signed in'),
      mockError(endpoints.login, 401, 'invalid credentials'),
    );
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'teacher');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The username or password is wrong.',
    );
  });

  it('never follows a `next` that leaves the site', async () => {
    server.use(...defaultHandlers());
    const { router } = renderApp('/login?next=//evil.example/x');
    await screen.findByRole('heading', { name: 'Template Builder' });
    expect(router.state.location.pathname).toBe('/template-builder');
  });

  it('signs out with the CSRF token and shows the sign-in page', async () => {
    let signedIn = true;
    server.use(
      http.post('*/api/auth/logout', async ({ request }) => {
        expect(request.headers.get('x-csrf-token')).toBe('csrf-teacher');
        signedIn = false;
        return HttpResponse.json({ ok: true });
      }),
      mockEndpoint(endpoints.getSession, () => {
        if (!signedIn) throw new Error('asked for the session after signing out');
        return makeSession('teacher');
      }),
      ...defaultHandlers(),
    );
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to LabForge' })).toBeVisible();
    expect(signedIn).toBe(false);
  });
});

describe('cluster switcher', () => {
  it('appears only with several clusters and switches the session', async () => {
    const select = captureEndpoint(endpoints.selectCluster, () => ({
      ...makeSession('admin', 2),
      cluster_id: 'annex',
    }));
    server.use(
      select.handler,
      mockEndpoint(endpoints.getSession, () => makeSession('admin', 2)),
      ...defaultHandlers('admin'),
    );
    const { user } = renderApp();
    const header = await screen.findByRole('banner');
    const switcher = await within(header).findByLabelText('Cluster');
    expect(switcher).toHaveValue('lab');
    await user.selectOptions(switcher, 'annex');
    expect(select.calls[0]?.body).toEqual({ cluster_id: 'annex' });
    expect(await within(header).findByLabelText('Cluster')).toHaveValue('annex');
  });

  it('is absent with one cluster', async () => {
    server.use(...defaultHandlers());
    renderApp();
    const header = await screen.findByRole('banner');
    await within(header).findByText('teacher');
    expect(within(header).queryByLabelText('Cluster')).not.toBeInTheDocument();
  });
});

it('goes back to the sign-in page when the session ends while working', async () => {
  server.use(mockError(endpoints.listCatalogue, 401, 'session expired'), ...defaultHandlers());
  const { router } = renderApp('/template-builder');
  expect(await screen.findByRole('heading', { name: 'Sign in to LabForge' })).toBeVisible();
  expect(router.state.location.pathname).toBe('/login');
});
