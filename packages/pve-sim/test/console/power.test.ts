import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/index.js';
import { builder, call, login, start, taskLog, waitTask } from '../helpers.js';
import { consoleOf, permissionSeed } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const post = (path: string, form: Record<string, string | number> = {}) =>
  call(sim, 'POST', path, { auth: builder, form });
const status = async (node: string, vmid: number) =>
  (await call(sim, 'GET', `/nodes/${node}/qemu/${vmid}/status/current`, { auth: builder })).body
    .data;

describe('power actions', () => {
  it('start, start again, stop: tasks, state and PVE texts', async () => {
    const res = await post('/nodes/pve2/qemu/101/status/start');
    expect(res.body.data).toMatch(
      /^UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:101:labforge@pve!builder:$/,
    );
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    expect(await status('pve2', 101)).toMatchObject({ status: 'running', qmpstatus: 'running' });
    const again = await post('/nodes/pve2/qemu/101/status/start');
    expect((await waitTask(sim, builder, again.body.data)).exitstatus).toBe(
      'VM 101 already running',
    );
    const stop = await post('/nodes/pve2/qemu/101/status/stop');
    expect(stop.body.data).toMatch(/:qmstop:101:/);
    expect((await waitTask(sim, builder, stop.body.data)).exitstatus).toBe('OK');
    expect((await status('pve2', 101)).status).toBe('stopped');
  });

  it('a template cannot be started', async () => {
    const res = await post('/nodes/pve1/qemu/9000/status/start');
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe(
      "you can't start a vm if it's a template",
    );
  });

  it('reset and reboot of a stopped VM fail at once; shutdown and stop of it end quietly', async () => {
    for (const action of ['reset', 'reboot']) {
      const res = await post(`/nodes/pve2/qemu/101/status/${action}`);
      expect(res.status).toBe(500);
      expect(res.reason).toBe('VM 101 not running');
    }
    for (const action of ['shutdown', 'stop']) {
      const res = await post(`/nodes/pve2/qemu/101/status/${action}`);
      expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    }
    expect((await status('pve2', 101)).status).toBe('stopped');
    const missing = await post('/nodes/pve1/qemu/101/status/reset');
    expect(missing.reason).toBe(
      "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist",
    );
  });

  it('shutdown: a guest that honours ACPI powers off', async () => {
    const res = await post('/nodes/pve1/qemu/100/status/shutdown');
    expect(res.body.data).toMatch(/:qmshutdown:100:/);
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    expect((await status('pve1', 100)).status).toBe('stopped');
    expect((await consoleOf(sim, 100)).state).toBe('off');
  });

  it('shutdown of a guest that ignores ACPI times out; forceStop terminates it', async () => {
    await call(sim, 'POST', '/_sim/vms/100/console', { json: { ignoreAcpi: true } });
    const res = await post('/nodes/pve1/qemu/100/status/shutdown', { timeout: 5 });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe(
      'VM quit/powerdown failed - got timeout',
    );
    expect((await status('pve1', 100)).status).toBe('running');
    const forced = await post('/nodes/pve1/qemu/100/status/shutdown', { timeout: 3, forceStop: 1 });
    expect((await waitTask(sim, builder, forced.body.data)).exitstatus).toBe('OK');
    expect(await taskLog(sim, builder, forced.body.data)).toEqual([
      'VM still running - terminating now with SIGTERM',
      'TASK OK',
    ]);
    expect((await status('pve1', 100)).status).toBe('stopped');
  });

  it('reset keeps the VM running and restarts the firmware; reboot restarts it as root@pam', async () => {
    const pidBefore = (await status('pve1', 100)).pid;
    const reset = await post('/nodes/pve1/qemu/100/status/reset');
    expect(reset.body.data).toMatch(/:qmreset:100:/);
    expect((await waitTask(sim, builder, reset.body.data)).exitstatus).toBe('OK');
    expect((await status('pve1', 100)).pid).toBe(pidBefore);
    const reboot = await post('/nodes/pve1/qemu/100/status/reboot');
    expect(reboot.body.data).toMatch(/:qmreboot:100:/);
    expect((await waitTask(sim, builder, reboot.body.data)).exitstatus).toBe('OK');
    const starts = (
      await call(sim, 'GET', '/nodes/pve1/tasks', {
        auth: builder,
        query: { typefilter: 'qmstart', source: 'all' },
      })
    ).body.data;
    expect(starts).toHaveLength(1);
    expect(starts[0].user).toBe('root@pam');
    expect((await waitTask(sim, builder, starts[0].upid)).exitstatus).toBe('OK');
    const after = await status('pve1', 100);
    expect(after.status).toBe('running');
    expect(after.pid).not.toBe(pidBefore);
  });

  it('stop overrules a running shutdown when asked', async () => {
    await call(sim, 'POST', '/_sim/vms/100/console', { json: { ignoreAcpi: true } });
    const shutdown = await post('/nodes/pve1/qemu/100/status/shutdown', { timeout: 100000 });
    await new Promise((r) => setTimeout(r, 20));
    const stop = await post('/nodes/pve1/qemu/100/status/stop', { 'overrule-shutdown': 1 });
    expect((await waitTask(sim, builder, stop.body.data)).exitstatus).toBe('OK');
    expect((await taskLog(sim, builder, stop.body.data))[0]).toBe(
      `overruled qmshutdown tasks: ${shutdown.body.data}`,
    );
    expect((await waitTask(sim, builder, shutdown.body.data)).exitstatus).toBe(
      'received interrupt',
    );
  });

  it('root-only options and parameter checks', async () => {
    for (const [action, param] of [
      ['start', 'skiplock'],
      ['start', 'force-cpu'],
      ['stop', 'keepActive'],
      ['shutdown', 'keepActive'],
      ['shutdown', 'skiplock'],
      ['reset', 'skiplock'],
    ] as const) {
      const res = await post(`/nodes/pve1/qemu/100/status/${action}`, {
        [param]: param === 'force-cpu' ? 'host' : 1,
      });
      expect(res.status, `${action} ${param}`).toBe(400);
      expect(res.body.errors).toEqual({ [param]: 'Only root may use this option.' });
    }
    const bad = await post('/nodes/pve1/qemu/100/status/shutdown', {
      timeout: -1,
      forceStop: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['forceStop', 'timeout']);
    const extra = await post('/nodes/pve1/qemu/100/status/reboot', { forceStop: 1 });
    expect(extra.body.errors).toEqual({
      forceStop:
        'property is not defined in schema and the schema does not allow additional properties',
    });
  });
});

describe('power permissions', () => {
  beforeEach(async () => {
    await call(sim, 'POST', '/_sim/seed', { json: { seed: permissionSeed } });
  });
  afterAll(async () => {
    await call(sim, 'POST', '/_sim/seed', { json: { seed: 'classroom' } });
  });

  it('VM.PowerMgmt on /vms/{vmid} is needed for every power action', async () => {
    const auditor = await login(sim, 'auditor@pve', 'pw');
    const viewer = await login(sim, 'viewer@pve', 'pw');
    for (const action of ['start', 'stop', 'shutdown', 'reset', 'reboot']) {
      for (const auth of [auditor, viewer]) {
        const res = await call(sim, 'POST', `/nodes/pve1/qemu/100/status/${action}`, { auth });
        expect(res.status, action).toBe(403);
        expect(res.reason).toBe('Permission check failed (/vms/100, VM.PowerMgmt)');
      }
    }
    expect(
      (await call(sim, 'GET', '/nodes/pve1/qemu/100/status/current', { auth: auditor })).status,
    ).toBe(200);
  });
});
