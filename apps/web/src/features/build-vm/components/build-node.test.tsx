import { endpoints } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { isoAnswer, makeIso, makeJob, makeNode } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, server } from '../../../testing/server.js';

/** pve1 and pve2 both have `local:iso/debian.iso` (two files), and share `cephfs`. */
function cluster() {
  const build = captureEndpoint(
    endpoints.buildVm,
    () => ({
      ok: true as const,
      job_id: 'job-1',
      status: 'queued' as const,
      status_url: '/api/vm-builder/jobs/job-1',
      events_url: '/api/vm-builder/jobs/job-1/events',
    }),
    202,
  );
  server.use(
    build.handler,
    mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: makeJob() })),
    mockEndpoint(endpoints.listNodes, () => ({
      ok: true as const,
      nodes: [makeNode('pve1'), makeNode('pve2')],
    })),
    mockEndpoint(endpoints.listIsos, ({ url }) => {
      const node = url.searchParams.get('node') ?? '';
      return isoAnswer(node, [
        makeIso('debian.iso', { node }),
        makeIso('alma.iso', { node, storage: 'cephfs', shared: true, nodes: [node] }),
      ]);
    }),
    ...defaultHandlers(),
  );
  return build;
}

async function buildWith(isoRegion: string, isoName: string, node?: string) {
  const build = cluster();
  const { user } = renderApp();
  const dialog = await openBuildDialog(user);
  await user.type(within(dialog).getByLabelText('VM name'), 'lab-vm');
  const region = await within(dialog).findByRole('group', { name: isoRegion });
  await user.click(await within(region).findByRole('option', { name: isoName }));
  if (node) await user.selectOptions(within(dialog).getByLabelText('Build on node'), node);
  await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));
  await screen.findByRole('heading', { name: 'Build ubuntu-test' });
  return build.calls[0]?.body as Record<string, unknown>;
}

it('pins the node when the same volid names different files on two nodes', async () => {
  const body = await buildWith('Node pve2', 'debian.iso');
  expect(body.iso_file).toBe('local:iso/debian.iso');
  expect(body.node).toBe('pve2');
});

it('leaves placement to the server for shared storage unless a node is chosen', async () => {
  const auto = await buildWith('Shared storage', 'alma.iso');
  expect(auto.iso_file).toBe('cephfs:iso/alma.iso');
  expect(auto).not.toHaveProperty('node');
});

it('sends the node picked for a shared ISO', async () => {
  const pinned = await buildWith('Shared storage', 'alma.iso', 'pve2');
  expect(pinned.node).toBe('pve2');
  expect(pinned.os_type).toBe('alma');
});
