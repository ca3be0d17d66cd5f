import { render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPage } from './lazy-pages.js';
import { PageLoadError } from './routes/page-load-error.js';
import { PageLoading } from './routes/page-loading.js';

function Page() {
  return <h1>Templates</h1>;
}

afterEach(() => vi.restoreAllMocks());

describe('code-split pages', () => {
  it('downloads a page once for preload and render, and tries again after a failure', async () => {
    const load = vi
      .fn<() => Promise<{ Page: typeof Page }>>()
      .mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'))
      .mockResolvedValue({ Page });
    const page = lazyPage(load, (m) => m.Page);
    await expect(page.preload()).rejects.toThrow('Failed to fetch');
    await page.preload();
    await page.preload();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shows a polite "Loading the page…" status while the code downloads, then the page', async () => {
    let arrive: (m: { Page: typeof Page }) => void = () => undefined;
    const page = lazyPage(
      () => new Promise<{ Page: typeof Page }>((resolve) => (arrive = resolve)),
      (m) => m.Page,
    );
    render(
      <Suspense fallback={<PageLoading />}>
        <page.Component />
      </Suspense>,
    );
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Loading the page…');
    arrive({ Page });
    expect(await screen.findByRole('heading', { name: 'Templates' })).toBeVisible();
    expect(screen.queryByText('Loading the page…')).not.toBeInTheDocument();
  });

  it('says in words that a page could not be downloaded and offers a reload', async () => {
    // react-router reports the caught error on the console; the page is what is tested.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = lazyPage(
      () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
      (m: { Page: typeof Page }) => m.Page,
    );
    const router = createMemoryRouter(
      [
        {
          errorElement: <PageLoadError />,
          children: [{ path: '/templates', element: <page.Component /> }],
        },
      ],
      { initialEntries: ['/templates'] },
    );
    render(
      <Suspense fallback={<PageLoading />}>
        <RouterProvider router={router} />
      </Suspense>,
    );
    expect(
      await screen.findByRole('heading', { name: 'This page could not be opened' }),
    ).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent('Reload the page to try again');
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeVisible();
    expect(screen.queryByText(/dynamically imported/)).not.toBeInTheDocument();
  });
});
