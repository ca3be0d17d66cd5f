import { endpoints, type GuestScript, type MyVm } from '@labforge/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeJob } from '../../testing/data.js';
import { defaultHandlers } from '../../testing/handlers.js';
import { renderApp } from '../../testing/render-app.js';
import { captureEndpoint, mockEndpoint, server } from '../../testing/server.js';

const hello: GuestScript = {
  id: 'abc123def456',
  name: 'Say hello',
  language: 'shell',
  description: 'prints the name',
  body: 'echo hello {name}',
  timeout_s: 60,
  owner: 'teacher',
  created_at: '2026-11-30T10:00:00Z',
  updated_at: '2026-11-30T10:00:00Z',
};

it('lists scripts, creates one with the API’s validation, and explains the variables', async () => {
  let scripts: GuestScript[] = [];
  const create = captureEndpoint(endpoints.createScript, () => {
    scripts = [hello];
    return { ok: true as const, script: hello };
  });
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.listScripts, () => ({ ok: true as const, scripts })),
    create.handler,
  );
  const { user } = renderApp('/scripts');
  expect(await screen.findByRole('heading', { name: 'Scripts', level: 1 })).toBeVisible();
  expect(screen.getByRole('link', { name: 'Scripts' })).toHaveAttribute('href', '/scripts');
  expect(await screen.findByText(/No scripts yet/)).toBeVisible();
  await user.click(screen.getByRole('button', { name: 'New script' }));
  const dialog = await screen.findByRole('dialog', { name: 'New script' });
  expect(within(dialog).getByText(/a name can never change what your script/)).toBeVisible();
  await user.click(within(dialog).getByRole('button', { name: 'Save script' }));
  expect(await within(dialog).findByText('name must not be empty')).toBeVisible();
  await waitFor(() => expect(within(dialog).getByLabelText('Name')).toHaveFocus());
  await user.type(within(dialog).getByLabelText('Name'), 'Say hello');
  await user.type(within(dialog).getByLabelText('Script'), 'echo hello {{name}');
  await user.click(within(dialog).getByRole('button', { name: 'Save script' }));
  expect(await screen.findByRole('row', { name: 'Say hello' })).toHaveTextContent('Shell (Linux)');
  expect(create.calls[0]?.body).toEqual({
    name: 'Say hello',
    language: 'shell',
    description: '',
    body: 'echo hello {name}',
    timeout_s: 300,
  });
});

it('runs a script on one VM from My VMs and goes to the job page', async () => {
  const vm: MyVm = {
    cluster_id: 'lab',
    vmid: 120,
    name: 'lab-01',
    node: 'pve1',
    state: 'running',
    media: [],
    owner: 'teacher',
    source: 'built',
    since: '2026-11-20T10:00:00Z',
  };
  const run = captureEndpoint(endpoints.runScript, () => ({
    ok: true as const,
    job_id: 'job-7',
    status: 'queued' as const,
    status_url: '/api/vm-builder/jobs/job-7',
    events_url: '/api/vm-builder/jobs/job-7/events',
  }));
  server.use(
    ...defaultHandlers(),
    mockEndpoint(endpoints.listMyVms, () => ({ ok: true as const, vms: [vm] })),
    mockEndpoint(endpoints.listScripts, () => ({ ok: true as const, scripts: [hello] })),
    run.handler,
    mockEndpoint(endpoints.getJob, () => ({
      ok: true as const,
      job: makeJob({
        id: 'job-7',
        kind: 'run-script',
        status: 'failed',
        request: { script: { name: 'Say hello' }, vmids: [120, 121] },
        steps: [],
        error: { message: 'the script did not succeed on every VM' },
        result: {
          ok: false,
          job_id: 'job-7',
          cluster_id: 'lab',
          script_id: hello.id,
          script_name: 'Say hello',
          succeeded: 1,
          failed: 1,
          items: [
            {
              vmid: 120,
              name: 'lab-01',
              node: 'pve1',
              result: {
                script_id: hello.id,
                script_name: 'Say hello',
                status: 'ok',
                exit_code: 0,
                stdout: 'hello lab-01\n',
                stderr: '',
                truncated: false,
                started_at: '2026-11-30T10:00:00Z',
                finished_at: '2026-11-30T10:00:01Z',
              },
            },
            {
              vmid: 121,
              name: 'lab-02',
              result: {
                script_id: hello.id,
                script_name: 'Say hello',
                status: 'agent-unreachable',
                stdout: '',
                stderr: '',
                truncated: false,
                message: 'The guest agent did not answer within 300 s.',
                started_at: '2026-11-30T10:00:00Z',
                finished_at: '2026-11-30T10:05:00Z',
              },
            },
          ],
        },
      }),
    })),
  );
  const { user } = renderApp('/vms');
  const row = await screen.findByRole('row', { name: 'lab-01' });
  await user.click(within(row).getByRole('button', { name: 'Run a script: lab-01' }));
  const dialog = await screen.findByRole('dialog', { name: 'Run a script on lab-01' });
  expect(within(dialog).getByRole('radio', { name: /Say hello/ })).toBeChecked();
  await user.click(within(dialog).getByRole('button', { name: 'Run Say hello' }));
  expect(
    await screen.findByRole('heading', { name: 'Run Say hello on 2 VMs', level: 1 }),
  ).toBeVisible();
  expect(run.calls[0]?.body).toEqual({ cluster_id: 'lab', vmids: [120], async: true });
  const ok = screen.getByRole('article', { name: 'lab-01 (VM 120)' });
  expect(ok).toHaveTextContent('Finished without errors (exit code 0)');
  expect(within(ok).getByLabelText('Output of lab-01')).toHaveTextContent('hello lab-01');
  const down = screen.getByRole('article', { name: 'lab-02 (VM 121)' });
  expect(down).toHaveTextContent('its guest agent did not answer');
  expect(screen.getByText('1 of 2 VMs ran the script without errors, 1 did not')).toBeVisible();
});
