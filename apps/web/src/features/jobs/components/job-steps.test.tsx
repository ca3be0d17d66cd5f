import { endpoints, STEP_TABLE, type Job, type JobStep } from '@labforge/contracts';
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from '../../../testing/data.js';
import { FakeEventSource } from '../../../testing/fake-event-source.js';
import { defaultHandlers } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render-app.js';
import { mockEndpoint, server } from '../../../testing/server.js';
import { BulkProgress } from './bulk-progress.js';
import { JobSteps } from './job-steps.js';

const step = (name: string, status: JobStep['status'], over: Partial<JobStep> = {}): JobStep => ({
  name,
  label: name,
  status,
  ...over,
});

describe('label rules', () => {
  it('shows every step of the table by its label, never by its name', () => {
    const steps = STEP_TABLE.map((s) => step(s.name, 'done'));
    render(
      <JobSteps job={makeJob({ steps, request: { os_type: 'windows11' } })} fraction={undefined} />,
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items).toEqual(STEP_TABLE.map((s) => expect.stringContaining(`${s.label}: done`)));
    for (const s of STEP_TABLE) {
      // A raw name such as "allocate-vmid" never appears as text (labels are words).
      if (!s.label.toLowerCase().includes(s.name)) {
        expect(screen.queryByText(new RegExp(`\\b${s.name}\\b`))).not.toBeInTheDocument();
      }
    }
  });

  it('never renders an unknown internal name, even when the server sent it as the label', () => {
    const steps = [
      step('virtio', 'done'),
      step('allocate_vmid', 'running', { label: 'allocate_vmid' }),
      step('check:disk', 'done', { label: 'check:disk' }),
      step('warm-cache', 'done', { label: 'Warm the ISO cache' }),
    ];
    render(<JobSteps job={makeJob({ steps })} fraction={undefined} />);
    const text = screen.getByRole('region', { name: 'Steps' }).textContent ?? '';
    expect(text).not.toMatch(/virtio|allocate_vmid|check:disk|warm-cache/);
    expect(screen.getAllByText('Another step')).toHaveLength(3);
    expect(screen.getByText('Warm the ISO cache')).toBeVisible();
  });

  it('leaves out the VirtIO steps of a Linux build, says why a step was skipped', () => {
    const steps = [
      step('resolve-iso', 'done'),
      step('virtio-drivers', 'skipped'),
      step('create', 'done'),
      step('convert-template', 'skipped', { detail: 'not requested' }),
    ];
    render(
      <JobSteps job={makeJob({ steps, request: { os_type: 'ubuntu' } })} fraction={undefined} />,
    );
    expect(screen.queryByText(/VirtIO/)).not.toBeInTheDocument();
    expect(screen.getByText('Convert to template').closest('li')).toHaveTextContent(
      'Convert to template: skipped (not requested)',
    );
  });

  it('keeps the VirtIO step of a Windows build', () => {
    const steps = [step('virtio-drivers', 'done', { detail: 'using local:iso/virtio-win.iso' })];
    render(
      <JobSteps job={makeJob({ steps, request: { os_type: 'windows11' } })} fraction={undefined} />,
    );
    expect(screen.getByText('VirtIO drivers').closest('li')).toHaveTextContent(
      'VirtIO drivers: done',
    );
  });
});

describe('bulk progress', () => {
  const bulkJob = (over: Partial<Job> = {}): Job =>
    makeJob({
      kind: 'bulk',
      request: { name_pattern: 'lab-{nn}', count: 3, start_index: 1 },
      steps: [
        step('resolve-iso', 'done'),
        step('place', 'done', { detail: '2 VMs on pve1, 1 on pve2' }),
        step('allocate-vmid', 'done', { item: 'lab-01', detail: 'VMID 110' }),
        step('create', 'done', { item: 'lab-01', detail: 'creating VM 110 on pve1' }),
        step('convert-template', 'skipped', { item: 'lab-01', detail: 'not requested' }),
        step('allocate-vmid', 'done', { item: 'lab-02', detail: 'VMID 111' }),
        step('create', 'running', { item: 'lab-02', detail: 'creating VM 111 on pve2' }),
      ],
      ...over,
    });

  it('lists every VM from the start with VMID, node, current step and outcome', () => {
    render(<BulkProgress job={bulkJob()} />);
    expect(screen.getByRole('status')).toHaveTextContent('1 of 3 built');
    expect(screen.getByRole('progressbar', { name: '1 of 3 built' })).toHaveAttribute('value', '1');
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['lab-01', '110', 'pve1', 'all steps done', 'built'],
      ['lab-02', '111', 'pve2', 'Create the VM: in progress', 'building'],
      ['lab-03', '—', '—', '—', 'waiting'],
    ]);
  });

  it('takes the outcome from the result once the job ended', () => {
    const job = bulkJob({
      status: 'failed',
      result: {
        ok: false,
        job_id: 'job-1',
        cluster_id: 'lab',
        succeeded: 2,
        failed: 1,
        items: [
          { index: 1, name: 'lab-01', ok: true, vmid: 110, node: 'pve1', warnings: [] },
          { index: 2, name: 'lab-02', ok: true, vmid: 111, node: 'pve2', warnings: [] },
          { index: 3, name: 'lab-03', ok: false, error: 'no room on local-lvm', warnings: [] },
        ],
      },
    });
    render(<BulkProgress job={job} />);
    expect(screen.getByRole('status')).toHaveTextContent('2 of 3 built, 1 failed');
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows[2]).toHaveTextContent('failed: no room on local-lvm');
  });

  it('follows the live events on the job page, with the real names in the title', async () => {
    server.use(
      mockEndpoint(endpoints.getJob, () => ({ ok: true as const, job: bulkJob() })),
      ...defaultHandlers(),
    );
    renderApp('/jobs/job-1');
    expect(await screen.findByRole('heading', { name: 'Build lab-01 … lab-03' })).toBeVisible();
    act(() => {
      FakeEventSource.latest().emit({
        seq: 1,
        type: 'step',
        at: '2026-11-25T20:00:01Z',
        step: 'convert-template',
        item: 'lab-02',
        status: 'skipped',
        message: 'not requested',
      });
    });
    expect(screen.getByRole('row', { name: /lab-02/ })).toHaveTextContent('built');
    expect(screen.getByText(/of 3 built/)).toHaveTextContent('2 of 3 built');
  });
});
