import { endpoints } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { openBuildDialog, renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, server } from '../../../testing/server.js';

describe('Build from Scratch: validation in the browser', () => {
  it('shows "Please select an ISO image" and the name message, and sends nothing', async () => {
    const build = captureEndpoint(endpoints.buildVm, () => {
      throw new Error('must not be called');
    });
    server.use(build.handler, ...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);

    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));

    expect(await within(dialog).findByText('Please select an ISO image')).toHaveAttribute(
      'role',
      'alert',
    );
    expect(within(dialog).getByRole('listbox', { name: /ISO image/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(within(dialog).getByLabelText('VM name')).toHaveAccessibleDescription(
      /VM name is required: a DNS name such as ubuntu-test/,
    );
    expect(build.calls).toHaveLength(0);
  });

  it('puts the hardware range messages next to each field', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    const set = async (label: string, value: string) => {
      const input = within(dialog).getByLabelText(label);
      await user.clear(input);
      await user.type(input, value);
    };
    await set('VM name', '-bad-name');
    await set('CPU cores', '65');
    await set('Memory (MB)', '256');
    await set('Disk size (GB)', '4096');
    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));

    expect(
      await within(dialog).findByText('CPU cores must be an integer between 1 and 64'),
    ).toBeVisible();
    expect(within(dialog).getByLabelText('CPU cores')).toHaveAttribute('aria-invalid', 'true');
    expect(
      within(dialog).getByText('Memory must be an integer between 512 and 65536 MB'),
    ).toBeVisible();
    expect(
      within(dialog).getByText('Disk size must be an integer between 8 and 2048 GB'),
    ).toBeVisible();
    expect(within(dialog).getByText(/VM name must be a valid DNS name/)).toBeVisible();

    await set('CPU cores', '4');
    await user.click(within(dialog).getByRole('button', { name: 'Build VM' }));
    expect(
      within(dialog).queryByText('CPU cores must be an integer between 1 and 64'),
    ).not.toBeInTheDocument();
  });

  it('validates advanced options and the bulk name pattern with the contract messages', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    await user.click(within(dialog).getByText('Advanced'));
    await user.type(within(dialog).getByLabelText('Boot order'), 'ccd');
    await user.type(within(dialog).getByLabelText('CPU flags'), '+aes +bogus');
    await user.click(within(dialog).getByLabelText('Build several VMs at once'));
    const pattern = within(dialog).getByLabelText('Name pattern');
    await user.clear(pattern);
    await user.type(pattern, 'lab');
    await user.click(within(dialog).getByRole('button', { name: /^Build \d+ VMs$/ }));

    expect(await within(dialog).findByText(/Boot order must be letters c \(CD\)/)).toBeVisible();
    expect(within(dialog).getByText(/CPU flags entries must be \+flag or -flag/)).toBeVisible();
    expect(within(dialog).getByText(/Name pattern must contain \{n\}/)).toBeVisible();
    expect(within(dialog).queryByLabelText('VM name')).not.toBeInTheDocument();
  });

  it('traps focus in the modal and closes on Escape, giving focus back', async () => {
    server.use(...defaultHandlers());
    const { user } = renderApp();
    const dialog = await openBuildDialog(user);
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    for (let i = 0; i < 60; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Build from Scratch' })).toHaveFocus();
  });
});
