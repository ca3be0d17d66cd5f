import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './confirm-dialog.js';

/** An opener button and the dialog it opens, as the pages use it. */
function Harness({
  onConfirm = () => {},
  busy = false,
  error = null,
  technical = false,
  typeToConfirm,
}: {
  onConfirm?: () => void;
  busy?: boolean;
  error?: Error | null;
  technical?: boolean;
  typeToConfirm?: { label: string; expected: string };
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Delete: lab-01
      </button>
      {open ? (
        <ConfirmDialog
          title="Delete lab-01?"
          confirmLabel="Delete lab-01"
          busyLabel="Deleting…"
          busy={busy}
          error={error}
          errorTitle="It was not deleted"
          technical={technical}
          {...(typeToConfirm ? { typeToConfirm } : {})}
          onCancel={() => setOpen(false)}
          onConfirm={onConfirm}
        >
          <p>The VM lab-01 and its disks will be deleted.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

async function open(ui: React.ReactElement) {
  const user = userEvent.setup();
  render(ui);
  const opener = screen.getByRole('button', { name: 'Delete: lab-01' });
  await user.click(opener);
  return { user, opener, dialog: screen.getByRole('alertdialog', { name: 'Delete lab-01?' }) };
}

describe('ConfirmDialog', () => {
  it('is an alert dialog named by its question, described by its text, opening on the safe button', async () => {
    const { dialog } = await open(<Harness />);
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('The VM lab-01 and its disks will be deleted.');
    expect(within(dialog).getByRole('button', { name: 'Keep it' })).toHaveFocus();
    // No second way out that could be mistaken for the answer: "Keep it" is the one safe button.
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Keep it', 'Delete lab-01']);
  });

  it('keeps Tab inside, and Escape or "Keep it" close it and give the focus back', async () => {
    const onConfirm = vi.fn();
    const { user, opener, dialog } = await open(<Harness onConfirm={onConfirm} />);
    const keep = within(dialog).getByRole('button', { name: 'Keep it' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete lab-01' });
    await user.tab();
    expect(confirm).toHaveFocus();
    await user.tab();
    expect(keep).toHaveFocus();
    await user.tab({ shift: true });
    expect(confirm).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(opener).toHaveFocus();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('confirms only once the name is typed exactly', async () => {
    const onConfirm = vi.fn();
    const { user, dialog } = await open(
      <Harness
        onConfirm={onConfirm}
        typeToConfirm={{ label: 'Type the class name to confirm', expected: 'Linux 101' }}
      />,
    );
    const confirm = within(dialog).getByRole('button', { name: 'Delete lab-01' });
    expect(within(dialog).getByRole('button', { name: 'Keep it' })).toHaveFocus();
    const field = within(dialog).getByLabelText('Type the class name to confirm');
    await user.type(field, 'linux 101');
    expect(confirm).toBeDisabled();
    await user.clear(field);
    await user.type(field, 'Linux 101');
    await user.click(confirm);
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('says it is busy while the action runs', async () => {
    const { dialog } = await open(<Harness busy />);
    const confirm = within(dialog).getByRole('button', { name: 'Deleting…' });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAttribute('aria-busy', 'true');
  });

  it('shows an error in teacher words, never the technical text', async () => {
    const text = 'lock_timeout while detaching ide2';
    const { dialog } = await open(<Harness error={new Error(text)} />);
    const alert = within(dialog).getByRole('alert');
    expect(alert).toHaveTextContent('It was not deleted');
    expect(alert).toHaveTextContent('Proxmox refused this; an administrator can see why.');
    expect(alert).not.toHaveTextContent('ide2');
  });

  it('gives admins the server text behind Details', async () => {
    const text = 'lock_timeout while detaching ide2';
    const { dialog } = await open(<Harness error={new Error(text)} technical />);
    expect(within(dialog).getByText('Details')).toBeVisible();
    expect(within(dialog).getByText(text)).toBeInTheDocument();
  });

  it('shows an error that reads as words as it is', async () => {
    const text = 'lab-01 is running: shut it down first';
    const { dialog } = await open(<Harness error={new Error(text)} />);
    expect(within(dialog).getByRole('alert')).toHaveTextContent(text);
  });
});
