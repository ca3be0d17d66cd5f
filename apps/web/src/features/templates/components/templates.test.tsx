import { endpoints, type TemplateCard } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, server } from '../../../testing/server.js';
import { firmwareWords, versionWords } from '../utils/card-words.js';

function card(over: Partial<TemplateCard> = {}): TemplateCard {
  return {
    cluster_id: 'lab',
    vmid: 200,
    node: 'pve1',
    name: 'win11-class',
    os_type: 'windows11',
    os_label: 'Windows 11',
    hardware: {
      cores: 2,
      memory_mb: 4096,
      disks: [
        { drive: 'efidisk0', storage: 'local-lvm', size_gb: 0.004 },
        { drive: 'scsi0', storage: 'local-lvm', size_gb: 64 },
      ],
      firmware: {
        bios: 'ovmf',
        efi_disk: true,
        secure_boot_keys: true,
        tpm_version: 'v2.0',
        machine: 'q35',
      },
    },
    virtio_win: { iso_file: 'isos-nfs:iso/virtio-win-0.1.266.iso', version: '0.1.266' },
    base_storages: [{ storage: 'local-lvm', shared: false }],
    author: { username: 'teacher', display_name: 'Ana Teacher' },
    created_at: '2026-11-30T10:00:00Z',
    source: 'built',
    description: 'For the networking class',
    tags: ['networking'],
    family: { id: 'lab/200', version: 1, latest_version: 1, newest: true },
    visibility: 'private',
    shared_with: [],
    retired: false,
    missing: false,
    can: { use: true, edit: true, retire: true },
    ...over,
  };
}

const ubuntu = card({
  vmid: 201,
  name: 'ubuntu-lab',
  os_type: 'ubuntu',
  os_label: 'Ubuntu',
  virtio_win: null,
  hardware: {
    cores: 1,
    memory_mb: 2048,
    disks: [{ drive: 'scsi0', storage: 'local-lvm', size_gb: 32 }],
    firmware: {
      bios: 'seabios',
      efi_disk: false,
      secure_boot_keys: false,
      tpm_version: null,
      machine: 'i440fx',
    },
  },
  author: { username: 'ben', display_name: 'Ben Teacher' },
  description: '',
  tags: ['linux', 'ssh'],
  family: {
    id: 'lab/150',
    version: 1,
    latest_version: 3,
    newest: false,
    replaced_by: { vmid: 300, version: 3 },
  },
  visibility: 'teachers',
  can: { use: true, edit: false, retire: false },
});

function withCards(cards: TemplateCard[]) {
  return mockEndpoint(endpoints.listTemplateCards, () => ({ ok: true as const, templates: cards }));
}

it('shows each template in teacher words, with versions and a Deploy a class link', async () => {
  server.use(...defaultHandlers(), withCards([card(), ubuntu]));
  renderApp('/templates');
  const win = await screen.findByRole('article', { name: 'win11-class' });
  expect(within(win).getByText('UEFI with Secure Boot keys, TPM 2.0')).toBeVisible();
  expect(within(win).getByText('Drivers: virtio-win 0.1.266')).toBeVisible();
  expect(within(win).getByText('2 CPU cores, 4 GB memory')).toBeVisible();
  expect(within(win).getByText('64 GB disk on local-lvm')).toBeVisible();
  expect(within(win).getByText('Only you')).toBeVisible();
  expect(
    within(win).getByRole('link', { name: 'Deploy a class from win11-class' }),
  ).toHaveAttribute('href', '/templates/lab/200/deploy');
  const ub = screen.getByRole('article', { name: 'ubuntu-lab' });
  expect(within(ub).getByText('Version 1 · replaced by v3')).toBeVisible();
  expect(within(ub).getByText('BIOS')).toBeVisible();
  expect(within(ub).getByText('Ben Teacher on 30 Nov 2026', { exact: false })).toBeVisible();
  expect(within(ub).queryByRole('button', { name: /Edit/ })).toBeNull();
  expect(within(ub).getByRole('link', { name: /Deploy a class/ })).toBeVisible();
  expect(screen.getByRole('link', { name: 'Templates' })).toBeVisible();
});

it('searches by words, OS and tag', async () => {
  server.use(...defaultHandlers(), withCards([card(), ubuntu]));
  const { user } = renderApp('/templates');
  await screen.findByRole('article', { name: 'win11-class' });
  expect(screen.getByText('2 templates')).toBeVisible();
  await user.type(screen.getByRole('searchbox', { name: 'Search templates' }), 'networking');
  expect(screen.queryByRole('article', { name: 'ubuntu-lab' })).toBeNull();
  expect(screen.getByText('1 of 2 templates match')).toBeVisible();
  await user.clear(screen.getByRole('searchbox', { name: 'Search templates' }));
  await user.selectOptions(screen.getByRole('combobox', { name: 'Operating system' }), 'linux');
  expect(screen.queryByRole('article', { name: 'win11-class' })).toBeNull();
  await user.selectOptions(screen.getByRole('combobox', { name: 'Operating system' }), '');
  await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'ssh');
  expect(screen.getByRole('article', { name: 'ubuntu-lab' })).toBeVisible();
  expect(screen.queryByRole('article', { name: 'win11-class' })).toBeNull();
});

it('edits description, tags and named sharing with a teacher picker, sending only what changed', async () => {
  const saved = captureEndpoint(endpoints.updateTemplateCard, () => ({
    ok: true as const,
    template: card(),
    warnings: [],
  }));
  server.use(
    ...defaultHandlers(),
    withCards([card(), ubuntu]),
    mockEndpoint(endpoints.listShareableTeachers, () => ({
      ok: true as const,
      teachers: [
        { username: 'ben', display_name: 'Ben Teacher' },
        { username: 'teacher', display_name: 'Ana Teacher' },
      ],
    })),
    saved.handler,
  );
  const { user } = renderApp('/templates');
  await user.click(await screen.findByRole('button', { name: 'Edit win11-class' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit win11-class' });
  const tags = within(dialog).getByRole('textbox', { name: 'Tags' });
  await user.clear(tags);
  await user.type(tags, 'Bad Tag');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  expect(await within(dialog).findByRole('alert')).toHaveTextContent(/“Bad”: tags use lower-case/);
  await user.clear(tags);
  await user.type(tags, 'networking year-9');
  await user.click(within(dialog).getByRole('radio', { name: 'Teachers I choose' }));
  const picker = await within(dialog).findByRole('group', { name: 'Teachers who may use it' });
  expect(within(picker).queryByText(/Ana Teacher/)).toBeNull();
  await user.click(within(picker).getByRole('checkbox', { name: 'Ben Teacher (ben)' }));
  await user.selectOptions(within(dialog).getByRole('combobox', { name: 'New version of' }), '201');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(saved.calls).toHaveLength(1));
  expect(saved.calls[0]!.body).toEqual({
    tags: ['networking', 'year-9'],
    visibility: 'named',
    shared_with: ['ben'],
    version_of: 201,
  });
  expect(await screen.findByText('win11-class saved.')).toBeVisible();
  expect(screen.queryByRole('dialog')).toBeNull();
});

it('retires after a confirmation that says nothing is deleted', async () => {
  let retired = 0;
  server.use(
    ...defaultHandlers(),
    withCards([card()]),
    mockEndpoint(endpoints.retireTemplateCard, () => {
      retired += 1;
      return { ok: true as const, template: card({ retired: true }), warnings: [] };
    }),
  );
  const { user } = renderApp('/templates');
  await user.click(await screen.findByRole('button', { name: 'Retire win11-class' }));
  const dialog = await screen.findByRole('alertdialog', { name: 'Retire win11-class?' });
  expect(dialog).toHaveTextContent(/stays in Proxmox/);
  await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
  expect(retired).toBe(0);
  await user.click(screen.getByRole('button', { name: 'Retire win11-class' }));
  await user.click(
    within(await screen.findByRole('alertdialog')).getByRole('button', {
      name: 'Retire win11-class',
    }),
  );
  await waitFor(() => expect(retired).toBe(1));
});

it('marks a template missing in Proxmox and offers no deployment', async () => {
  server.use(
    ...defaultHandlers(),
    withCards([card({ missing: true, can: { use: false, edit: true, retire: true } })]),
  );
  renderApp('/templates');
  const win = await screen.findByRole('article', { name: 'win11-class' });
  expect(within(win).getByText('Missing in Proxmox')).toBeVisible();
  expect(within(win).queryByRole('link', { name: /Deploy/ })).toBeNull();
});

it('words firmware and versions', () => {
  expect(firmwareWords(null)).toBe('Firmware unknown');
  expect(
    versionWords(card({ family: { id: 'x', version: 2, latest_version: 2, newest: true } })),
  ).toBe('Version 2 (newest)');
});
