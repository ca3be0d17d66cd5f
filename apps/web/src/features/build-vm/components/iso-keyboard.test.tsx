import { endpoints } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, server } from '../../../testing/server.js';

describe('Build from Scratch: keyboard', () => {
  it('opens with focus on the first field', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    expect(within(dialog).getByLabelText('VM name')).toHaveFocus();
  });

  it('is a listbox: arrows, Home, End and letters move; Enter or Space chooses', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    const list = within(dialog).getByRole('listbox', { name: /ISO image/ });
    const ubuntu = await within(list).findByRole('option', {
      name: 'ubuntu-22.04-live-server-amd64.iso',
    });
    const windows = within(list).getByRole('option', { name: 'Win11_24H2_English_x64.iso' });
    const options = within(list).getAllByRole('option');
    const os = within(dialog).getByLabelText('OS type');
    const before = (os as HTMLSelectElement).value;
    // One option is in the Tab order (roving tabindex): the first while nothing is chosen.
    expect(options.filter((o) => o.tabIndex === 0)).toEqual([options[0]]);
    expect(within(list).getByRole('group', { name: 'Node pve1' })).toContainElement(ubuntu);

    ubuntu.focus();
    await user.keyboard('{ArrowDown}');
    expect(windows).toHaveFocus();
    expect(windows).toHaveAttribute('aria-selected', 'false');
    await user.keyboard('{ArrowUp}');
    expect(ubuntu).toHaveFocus();
    expect(within(list).queryAllByRole('option', { selected: true })).toHaveLength(0);
    expect(os).toHaveValue(before);
    await user.keyboard('{End}');
    expect(options.at(-1)).toHaveFocus();
    await user.keyboard('{Home}');
    expect(options[0]).toHaveFocus();
    await user.keyboard('w');
    expect(windows).toHaveFocus();
    expect(os).toHaveValue(before);

    await user.keyboard('{Enter}');
    expect(windows).toHaveAttribute('aria-selected', 'true');
    expect(os).toHaveValue('windows11');
    expect(windows.tabIndex).toBe(0);
    await user.keyboard('{ArrowUp}');
    expect(windows).toHaveAttribute('aria-selected', 'true');
    expect(os).toHaveValue('windows11');
    await user.keyboard(' ');
    expect(ubuntu).toHaveAttribute('aria-selected', 'true');
    expect(windows).toHaveAttribute('aria-selected', 'false');
    expect(os).toHaveValue('ubuntu');
  });

  it('does not submit on Enter in the ISO search box; ArrowDown goes to the list', async () => {
    const build = captureEndpoint(endpoints.buildVm, () => {
      throw new Error('must not be called');
    });
    server.use(build.handler, ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await within(dialog).findByRole('option', { name: /^Win11/ });
    await user.type(
      within(dialog).getByRole('searchbox', { name: 'Search ISO images' }),
      'win{Enter}',
    );
    expect(within(dialog).queryByText('Please select an ISO image')).not.toBeInTheDocument();
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getByRole('option', { name: /^Win11/ })).toHaveFocus();
    expect(build.calls).toHaveLength(0);
  });

  it('moves focus to the ISO list when only the ISO is missing', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await user.type(within(dialog).getByLabelText('VM name'), 'ubuntu-test');
    await within(dialog).findByRole('option', { name: /^Win11/ });
    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));
    await within(dialog).findByText('Please select an ISO image');
    await waitFor(() =>
      expect(
        within(dialog).getByRole('option', { name: 'ubuntu-22.04-live-server-amd64.iso' }),
      ).toHaveFocus(),
    );
  });

  it('says "Build 3 VMs" in bulk mode and keeps the check, run on the first VM', async () => {
    const preflight = captureEndpoint(endpoints.preflightBuild, () => ({
      ok: true as const,
      would_succeed: true,
      checks: [{ name: 'privileges:vm', ok: true, message: 'VM.Allocate, VM.Config.CPU on /vms' }],
      warnings: [],
      config: { cores: 2 },
    }));
    server.use(preflight.handler, ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await user.click(within(dialog).getByLabelText('Build several VMs at once'));
    const count = within(dialog).getByLabelText('Number of VMs');
    await user.clear(count);
    await user.type(count, '3');
    expect(within(dialog).getByRole('button', { name: 'Build 3 VMs' })).toBeVisible();
    await user.click(await within(dialog).findByRole('option', { name: /^ubuntu/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Check without building' }));
    const report = await within(dialog).findByRole('status', { name: 'Check result' });
    // A teacher reads what LabForge may do, never the privilege names.
    expect(report).toHaveTextContent('LabForge may create and set up VMs.');
    expect(report).not.toHaveTextContent('VM.Allocate');
    expect(screen.queryByText('Details')).not.toBeInTheDocument();
    expect(preflight.calls[0]?.body).toMatchObject({ vm_name: 'lab-01', os_type: 'ubuntu' });
    expect(preflight.calls[0]?.body).not.toHaveProperty('count');
  });
});
