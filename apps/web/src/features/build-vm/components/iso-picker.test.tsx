import { endpoints } from '@labforge/contracts';
import { waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { isoAnswer, makeIso, makeNode } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { deferred, mockEndpoint, server } from '../../../testing/server.js';

const XSS_NAME = '<img src=x onerror=alert(1)>.iso';

function threeNodes(slow: Promise<void>) {
  return [
    mockEndpoint(endpoints.listNodes, () => ({
      ok: true as const,
      nodes: [makeNode('pve1'), makeNode('pve2'), makeNode('pve3', 'offline'), makeNode('pve4')],
    })),
    mockEndpoint(endpoints.listIsos, async ({ url }) => {
      const node = url.searchParams.get('node') ?? '';
      if (node === 'pve2') {
        await slow;
        return isoAnswer('pve2', [makeIso('debian-12.0.0-amd64-netinst.iso', { node: 'pve2' })]);
      }
      if (node === 'pve4') {
        return {
          ...isoAnswer('pve4', []),
          nodes: [
            { node: 'pve4', status: 'offline' as const, error: 'no route to host', iso_count: 0 },
          ],
        };
      }
      if (node === 'pve3') throw new Error('an offline node must not be asked');
      return isoAnswer('pve1', [
        makeIso('ubuntu-22.04-live-server-amd64.iso'),
        makeIso(XSS_NAME, { volid: 'local:iso/markup.iso' }),
        makeIso('Win11_24H2_English_x64.iso', { size: 5_800_000_000 }),
      ]);
    }),
  ];
}

describe('ISO image list', () => {
  it('shows each node as it answers: slow node spinner, offline node says so', async () => {
    const slow = deferred();
    server.use(...threeNodes(slow.promise), ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);

    const pve1 = await within(dialog).findByRole('group', { name: 'Node pve1' });
    const ubuntu = await within(pve1).findByRole('option', {
      name: 'ubuntu-22.04-live-server-amd64.iso',
    });
    expect(ubuntu).toBeEnabled();
    expect(ubuntu).toHaveAccessibleDescription('1.37 GiB on pve1');
    const pve2 = within(dialog).getByRole('group', { name: 'Node pve2' });
    expect(within(pve2).getByRole('status')).toHaveTextContent('Loading ISO images from pve2…');
    expect(within(dialog).getByRole('group', { name: 'Node pve3' })).toHaveTextContent(
      'pve3 is offline: its ISO images cannot be used right now.',
    );
    expect(within(dialog).getByRole('group', { name: 'Node pve4' })).toHaveTextContent(
      'pve4 is offline: its ISO images cannot be used right now (no route to host).',
    );

    slow.resolve();
    expect(
      await within(pve2).findByRole('option', { name: 'debian-12.0.0-amd64-netinst.iso' }),
    ).toBeVisible();
    expect(within(pve2).queryByRole('status')).not.toBeInTheDocument();
  });

  it('is searchable', async () => {
    const slow = deferred();
    slow.resolve();
    server.use(...threeNodes(slow.promise), ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await within(dialog).findByRole('option', { name: 'debian-12.0.0-amd64-netinst.iso' });

    await user.type(within(dialog).getByRole('searchbox', { name: 'Search ISO images' }), 'WIN11');
    expect(
      within(dialog).getByRole('option', { name: 'Win11_24H2_English_x64.iso' }),
    ).toBeVisible();
    expect(within(dialog).queryByRole('option', { name: /ubuntu/ })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('option', { name: /debian/ })).not.toBeInTheDocument();

    await user.type(within(dialog).getByRole('searchbox'), '-nothing');
    expect(within(dialog).getByText('No ISO image matches “WIN11-nothing”.')).toBeVisible();
  });

  it('shows an ISO on shared storage once, with every node that can read it', async () => {
    const shared = (node: string) =>
      makeIso('rocky-9.4-x86_64-dvd.iso', {
        storage: 'cephfs',
        node,
        shared: true,
        nodes: node === 'pve1' ? ['pve1', 'pve2'] : ['pve2', 'pve3'],
      });
    server.use(
      mockEndpoint(endpoints.listNodes, () => ({
        ok: true as const,
        nodes: [makeNode('pve1'), makeNode('pve2'), makeNode('pve3')],
      })),
      mockEndpoint(endpoints.listIsos, ({ url }) => {
        const node = url.searchParams.get('node') ?? '';
        return isoAnswer(node, [shared(node)]);
      }),
      ...defaultHandlers(),
    );
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    const region = await within(dialog).findByRole('group', { name: 'Shared storage' });
    await waitFor(() =>
      expect(
        within(region).getByText('cephfs (shared, readable by pve1, pve2, pve3)'),
      ).toBeVisible(),
    );
    expect(
      within(dialog).getAllByRole('option', { name: 'rocky-9.4-x86_64-dvd.iso' }),
    ).toHaveLength(1);

    await user.click(within(dialog).getByRole('option', { name: 'rocky-9.4-x86_64-dvd.iso' }));
    expect(
      within(dialog).getByText(
        /This ISO is on shared storage cephfs, readable by pve1, pve2, pve3/,
      ),
    ).toBeVisible();
    const nodeSelect = within(dialog).getByLabelText('Build on node');
    expect(
      within(nodeSelect)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Automatic', 'pve1', 'pve2', 'pve3']);
    expect(within(dialog).getByLabelText('OS type')).toHaveValue('rocky');
  });

  it('renders an ISO name with markup as plain text', async () => {
    const slow = deferred();
    slow.resolve();
    server.use(...threeNodes(slow.promise), ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    const radio = await within(dialog).findByRole('option', { name: XSS_NAME });
    expect(within(dialog).getByText(XSS_NAME).tagName).toBe('SPAN');
    expect(document.querySelector('img')).toBeNull();
    await user.click(radio);
    expect(radio).toHaveAttribute('aria-selected', 'true');
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows the build node and suggests the OS type from the file name', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await user.click(
      await within(dialog).findByRole('option', { name: 'Win11_24H2_English_x64.iso' }),
    );
    expect(within(dialog).getByText(/The VM will be built on node/)).toHaveTextContent(
      'The VM will be built on node pve1, where this ISO is.',
    );
    const os = within(dialog).getByLabelText('OS type');
    expect(os).toHaveValue('windows11');
    expect(os).toHaveAccessibleDescription(/Windows 11 was suggested from the ISO name/);
    expect(os).toHaveAccessibleDescription(
      /UEFI with Secure Boot keys · TPM 2\.0 · Windows drivers disc/,
    );
    // The Windows preset's hardware becomes the default.
    expect(within(dialog).getByLabelText('Memory (MB)')).toHaveValue(4096);
    expect(within(dialog).getByLabelText('Disk size (GB)')).toHaveValue(64);

    // A choice made by hand is not overridden, only suggested.
    await user.selectOptions(os, 'debian');
    await user.click(
      within(dialog).getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
    );
    expect(os).toHaveValue('debian');
    expect(os).toHaveAccessibleDescription(/The ISO name suggests Ubuntu/);
  });
});
