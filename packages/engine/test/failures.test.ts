import { buildRequestSchema, type BuildRequestInput } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { createBuilderEngine } from '../src/index.js';
import { builderFailure, clientFor, ctxFor, useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv();

const req = (input: Partial<BuildRequestInput> = {}) =>
  buildRequestSchema.parse({
    vm_name: 'vm',
    iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
    storage: 'local-lvm',
    ...input,
  });

async function vmids(): Promise<number[]> {
  const vms = await simEnv().client.request<Array<{ vmid: number }>>('GET', '/cluster/resources', {
    type: 'vm',
  });
  return vms.map((v) => v.vmid).sort((a, b) => a - b);
}

describe('failures are reported with PVE’s words and cleaned up', () => {
  it('reports a failing create task with its step and leaves nothing behind', async () => {
    const before = await vmids();
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: {
        type: 'task-error',
        message: "zfs error: cannot create 'rpool/data/vm-disk-0': out of space",
      },
    });
    const ctx = ctxFor();
    const err = await builderFailure(simEnv().engine.jobs.build.run(req(), ctx));
    expect(err.status).toBe(502);
    expect(err.step).toBe('create');
    expect(err.message).toMatch(/^Creating the VM failed: .*out of space/);
    expect(await vmids()).toEqual(before);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'step', step: 'create', status: 'failed' }),
    );
  });

  it('removes only its own VM when the template conversion fails', async () => {
    const before = await vmids();
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/template',
      count: 1,
      effect: { type: 'task-error', message: 'lvrename failed: device busy' },
    });
    const err = await builderFailure(
      simEnv().engine.jobs.build.run(req({ convert_to_template: true }), ctxFor()),
    );
    expect(err.step).toBe('convert-template');
    expect(err.message).toMatch(
      /Converting the VM to a template failed: .*device busy.*VM \d+ was removed/,
    );
    expect(await vmids()).toEqual(before);
  });

  it('reports a synchronous refusal by PVE with its text', async () => {
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: {
        type: 'status',
        status: 500,
        reason: 'cluster not ready - no quorum?',
        body: { data: null, message: 'cluster not ready - no quorum?\n' },
      },
    });
    const err = await builderFailure(simEnv().engine.jobs.build.run(req(), ctxFor()));
    expect(err).toMatchObject({ status: 502, step: 'create' });
    expect(err.message).toMatch(/no quorum/);
  });

  it('cancels: stops waiting, removes the VM it created, says it was cancelled', async () => {
    const before = await vmids();
    const abort = new AbortController();
    const ctx = ctxFor('alice', abort.signal);
    const emit = ctx.emit;
    ctx.emit = (e) => {
      emit(e);
      if (e.type === 'step' && e.step === 'allocate-vmid' && e.status === 'done') abort.abort();
    };
    const err = await builderFailure(simEnv().engine.jobs.build.run(req(), ctx));
    // The step's label, never its internal name.
    expect(err.message).toMatch(
      /^Cancelled during "(Create the VM|Reserve a VM id)"\. VM \d+ was removed\.$/,
    );
    expect(await vmids()).toEqual(before);
  });
});

describe('VMIDs', () => {
  it('gives concurrent builds of one engine distinct VMIDs', async () => {
    const outs = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        simEnv().engine.jobs.build.run(req({ vm_name: `race-${i}` }), ctxFor()),
      ),
    );
    expect(new Set(outs.map((o) => o.vmid)).size).toBe(5);
  });

  it('retries when another process took the VMID nextid offered', async () => {
    // Another tool created VM 100 between our nextid and our create: PVE still offers "100".
    await simEnv().control.fault({
      method: 'GET',
      path: '/cluster/nextid',
      count: 1,
      effect: { type: 'status', status: 200, reason: 'OK', body: { data: '100' } },
    });
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs.build.run(req({ vm_name: 'retry' }), ctx);
    expect(out.vmid).not.toBe(100);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        step: 'allocate-vmid',
        line: expect.stringMatching(/VMID 100 taken meanwhile .*already exists/),
      }),
    );
    const web = await simEnv().client.request<{ name: string }>(
      'GET',
      '/nodes/pve1/qemu/100/config',
    );
    expect(web.name).toBe('web-01');
  });

  it('keeps VMIDs distinct across two processes building at once', async () => {
    // Two engines (two API processes) share no lock; PVE's "already exists" sorts them out.
    const other = createBuilderEngine(
      { ...simEnv().cluster, client: clientFor(simEnv().sim) },
      { isoCacheTtlMs: 0 },
    );
    await simEnv().control.fault({
      method: 'GET',
      path: '/cluster/nextid',
      effect: { type: 'delay', ms: 30 },
    });
    const outs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? other : simEnv().engine).jobs.build.run(req({ vm_name: `twin-${i}` }), ctxFor()),
      ),
    );
    expect(new Set(outs.map((o) => o.vmid)).size).toBe(6);
  });

  it('sends the create again after a lock timeout, which created nothing', async () => {
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: {
        type: 'status',
        status: 500,
        reason: "can't lock file '/var/lock/qemu-server/lock-102.conf' - got timeout",
        body: {
          data: null,
          message: "can't lock file '/var/lock/qemu-server/lock-102.conf' - got timeout\n",
        },
      },
    });
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs.build.run(req({ vm_name: 'locked' }), ctx);
    expect(out.vmid).toBeGreaterThan(0);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        line: expect.stringMatching(/lock busy .*got timeout/),
      }),
    );
  });

  it('refuses a requested VMID that exists', async () => {
    const err = await builderFailure(simEnv().engine.jobs.build.run(req({ vmid: 100 }), ctxFor()));
    expect(err).toMatchObject({ status: 409, message: 'VM 100 already exists' });
  });
});

describe('sessions', () => {
  it('survives the ticket expiring in the middle of a build', async () => {
    const ticketEnv = createBuilderEngine(
      { ...simEnv().cluster, client: clientFor(simEnv().sim, 'ticket') },
      { isoCacheTtlMs: 0 },
    );
    await simEnv().nonConforming();
    const ctx = ctxFor();
    const emit = ctx.emit;
    ctx.emit = (e) => {
      emit(e);
      // Two hours and a bit pass while the VM is being created.
      if (e.type === 'step' && e.step === 'create' && e.status === 'done')
        simEnv().sim.sim.clock.advance(7300_000);
    };
    const out = await ticketEnv.jobs.build.run(req({ convert_to_template: true }), ctx);
    expect(out.template).toBe(true);
    const journal = await simEnv().control.call<Array<{ path: string; status: number }>>(
      'GET',
      '/_sim/requests',
    );
    const logins = journal.filter((e) => e.path === '/access/ticket' && e.status === 200);
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(journal.some((e) => e.status === 401)).toBe(true);
  });
});
