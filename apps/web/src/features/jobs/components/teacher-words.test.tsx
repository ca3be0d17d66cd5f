import { endpoints, STEP_NAMES, type Job } from '@labforge/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeBuildResult, makeJob } from '../../../testing/data.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, server } from '../../../testing/server.js';

/** Words a teacher must never read: request fields, drives, privileges, HTTP calls. */
const TECHNICAL = [
  /\b(memory_mb|disk_size_gb|cpu_cores|os_type|bios_type|disk_bus|iso_file|left_over)\b/,
  /\b(ide|sata|scsi)\d\b/,
  /\b(VM|Sys|Datastore|SDN)\.[A-Z]/,
  /\bPOST \//,
  /parameters in one create call/,
];

/** The page's text outside the admin-only "Details" disclosures. */
function textOutsideDetails(): string {
  const main = screen.getByRole('main').cloneNode(true) as HTMLElement;
  main.querySelectorAll('details').forEach((d) => d.remove());
  return main.textContent ?? '';
}

function expectNoTechnicalWords() {
  const text = textOutsideDetails();
  for (const re of TECHNICAL) expect(text).not.toMatch(re);
  // Internal step names (`resolve-iso`, `convert-template`) never render either.
  for (const name of STEP_NAMES.filter((n) => n.includes('-'))) expect(text).not.toContain(name);
}

const builtTemplate = makeJob({
  status: 'succeeded',
  request: { vm_name: 'win-tpl', os_type: 'windows11' },
  steps: [
    { name: 'resolve-iso', label: 'Find the ISO', status: 'done' },
    { name: 'create', label: 'Create the VM', status: 'done', detail: 'VM 105 on pve1' },
  ],
  warnings: [
    'memory_mb raised from 1024 to 4096 MB: windows11 needs at least 4096 MB.',
    'missing Sys.Modify on /nodes/pve1',
    'disk_bus ide uses ide0, so the VirtIO driver CD is attached as sata0.',
    'VM.Allocate was checked against scsi0 somewhere new',
  ],
  result: makeBuildResult({
    name: 'win-tpl',
    template: true,
    next_steps: [
      'Template 105 keeps its install media attached (ide2 and ide0), as intended for classes; clones boot the installer until the OS is installed in them.',
      'Record it as a template card with POST /api/vm-builder/templates.',
    ],
  }),
});

const finalised: Job = makeJob({
  kind: 'finalise',
  status: 'succeeded',
  request: { vmid: 105 },
  steps: [
    {
      name: 'eject-media',
      label: 'Remove the install media',
      status: 'done',
      detail:
        'ejected local:iso/Win11_24H2_English_x64.iso, isos-nfs:iso/virtio-win.iso; disk boots first',
    },
  ],
  result: {
    ok: true,
    job_id: 'job-1',
    vmid: 105,
    node: 'pve1',
    template: true,
    ejected: ['local:iso/Win11_24H2_English_x64.iso', 'isos-nfs:iso/virtio-win.iso'],
    warnings: [],
  },
});

const failed = makeJob({
  status: 'failed',
  error: {
    message: "cpu_type 'foo' is not a CPU model Proxmox offers on pve1; try host",
    step: 'create',
    details: { iso_file: 'local:iso/x.iso', left_over: false },
  },
});

function serve(job: Job, role: 'teacher' | 'admin') {
  server.use(
    mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job })),
    ...defaultHandlers(role),
  );
  renderApp('/jobs/job-1');
}

describe('teacher words on the job page', () => {
  it('rewords warnings and next steps of a build; the server text is for admins only', async () => {
    serve(builtTemplate, 'teacher');
    await screen.findByRole('heading', { name: 'Template ready: win-tpl' });
    const warnings = screen.getByRole('status', { name: 'Warnings' });
    expect(warnings).toHaveTextContent(
      'Memory raised from 1024 to 4096 MB: Windows 11 needs at least 4096 MB.',
    );
    expect(warnings).toHaveTextContent('the build works around it');
    expect(warnings).toHaveTextContent('the Windows drivers disc goes into another drive');
    expect(warnings).toHaveTextContent('LabForge noted a technical detail here');
    expect(
      screen.getByText(/keeps the install disc and the drivers disc in its drives/),
    ).toBeVisible();
    expect(screen.getByText(/"Finalise as template" on My VMs/)).toBeVisible();
    expect(screen.queryByText('Details')).not.toBeInTheDocument();
    expectNoTechnicalWords();
  });

  it('gives admins the technical text behind a closed "Details"', async () => {
    serve(builtTemplate, 'admin');
    await screen.findByRole('heading', { name: 'Template ready: win-tpl' });
    const warnings = screen.getByRole('status', { name: 'Warnings' });
    const details = within(warnings).getAllByText('Details');
    expect(details).toHaveLength(4);
    expect(details[0]?.closest('details')).not.toHaveAttribute('open');
    expect(warnings).toHaveTextContent('memory_mb raised from 1024');
    expectNoTechnicalWords();
  });

  it('says which discs finalise removed, never the drive names', async () => {
    serve(finalised, 'teacher');
    await screen.findByRole('heading', { name: 'Template ready: VM 105' });
    expect(
      screen.getByText(
        'Removed the install disc and the drivers disc; the VM starts from its disk first.',
      ),
    ).toBeVisible();
    expect(screen.getByText('Discs removed').nextElementSibling).toHaveTextContent(
      'the install disc and the drivers disc',
    );
    expectNoTechnicalWords();
  });

  it('shows a failure in words; the request field and the error facts are for admins', async () => {
    serve(failed, 'teacher');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Proxmox refused a step of this job; an administrator can see why.',
    );
    expect(screen.queryByRole('log')).not.toBeInTheDocument();
    expectNoTechnicalWords();
  });
});
