import { endpoints } from '@labforge/contracts';
import { within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, it } from 'vitest';
import { isoAnswer, makeIso, makeNode } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, server } from '../../../testing/server.js';

it('keeps the other nodes usable when one node answers with an error', async () => {
  server.use(
    mockEndpoint(endpoints.listNodes, () => ({
      ok: true as const,
      nodes: [makeNode('pve1'), makeNode('pve2')],
    })),
    http.get('*/api/vm-builder/isos', ({ request }) =>
      new URL(request.url).searchParams.get('node') === 'pve2'
        ? HttpResponse.json(
            { ok: false, error: 'cluster classroom: pve2 did not answer (595)' },
            { status: 502 },
          )
        : HttpResponse.json(isoAnswer('pve1', [makeIso('debian-12.iso')])),
    ),
    ...defaultHandlers(),
  );
  const { user } = renderApp();
  const dialog = await openBuildDialog(user);
  const pve2 = await within(dialog).findByRole('group', { name: 'Node pve2' });
  expect(
    await within(pve2).findByText(
      'Could not read ISO images from pve2: cluster classroom: pve2 did not answer (595)',
    ),
  ).toBeVisible();
  const radio = within(dialog).getByRole('option', { name: 'debian-12.iso' });
  await user.click(radio);
  expect(radio).toHaveAttribute('aria-selected', 'true');
});
