import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import {
  PveAbortError,
  PveTaskError,
  PveTimeoutError,
  parseUpid,
  type PveClient,
  type TaskLogLine,
} from '../../src/index.js';
import { classroomCredentials, clientFor, startSim, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

type Worker = Parameters<RunningSimulator['sim']['tasks']['start']>[1];

/** Starts a task inside the simulator, owned by the builder token like an API-started one. */
function startTask(worker: Worker, type = 'qmcreate', id = '990'): string {
  return sim.sim.tasks.start(
    { node: 'pve1', type, id, user: classroomCredentials.builderToken.tokenid },
    worker,
  ).upid;
}

beforeAll(async () => {
  ({ sim, control } = await startSim({ taskSpeed: 50 }));
  client = clientFor(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await control.clearRequests();
  await control.clearFaults();
});

describe('tasks.wait', () => {
  it('returns OK and tails the whole log exactly once, across pages and polls', async () => {
    let release = (): void => undefined;
    const firstPoll = new Promise<void>((r) => (release = r));
    const upid = startTask(async (t) => {
      t.log('  Logical volume "vm-990-disk-0" created.');
      // Held until the client has polled once, so the wait sees the task running.
      await firstPoll;
      for (let i = 1; i <= 1200; i++) t.log(`line ${i}`);
      await t.sleep(1_000);
      t.log("scsi0: successfully created disk 'local-lvm:vm-990-disk-0,iothread=1,size=32G'");
    });
    const seen: TaskLogLine[] = [];
    let polls = 0;
    const result = await client.tasks.wait(upid, {
      onLog: (lines) => seen.push(...lines),
      onPoll: () => {
        polls++;
        release();
      },
    });
    expect(result).toMatchObject({
      upid,
      node: 'pve1',
      type: 'qmcreate',
      exitstatus: 'OK',
      ok: true,
      warnings: 0,
    });
    expect(seen.map((l) => l.n)).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
    expect(seen[0]!.t).toBe('  Logical volume "vm-990-disk-0" created.');
    expect(seen.at(-1)!.t).toBe('TASK OK');
    expect(polls).toBeGreaterThan(1);
    // Tailing asked only for new lines: every log read started after the lines already seen.
    const starts = (await control.requests({ path: /\/log$/ })).map((e) => Number(e.params.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
  });

  it('treats "WARNINGS: n" as success with n warnings', async () => {
    const upid = startTask(async (t) => {
      t.warn('Could not remove disk, skipping');
      await t.sleep(200);
      t.warn('second warning');
    }, 'qmdestroy');
    const result = await client.tasks.wait(upid, { collectLog: true });
    expect(result).toMatchObject({ ok: true, warnings: 2, exitstatus: 'WARNINGS: 2' });
    expect(result.log?.map((l) => l.t)).toEqual([
      'WARN: Could not remove disk, skipping',
      'WARN: second warning',
      'TASK WARNINGS: 2',
    ]);
  });

  it("throws PveTaskError with PVE's text when the task fails", async () => {
    const text = "unable to create VM 990 - volume 'local:iso/missing.iso' does not exist";
    const upid = startTask(async (t) => {
      await t.sleep(300);
      throw new Error(`${text}\n`);
    });
    const err = await client.tasks.wait(upid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTaskError);
    expect(err).toMatchObject({ upid, node: 'pve1', type: 'qmcreate', exitstatus: text });
    expect((err as Error).message).toContain(text);
    const soft = await client.tasks.wait(upid, { throwOnError: false });
    expect(soft).toMatchObject({ ok: false, exitstatus: text });
  });

  it('keeps waiting through transient errors of the status call', async () => {
    const c = clientFor(sim, { retry: { attempts: 1 } });
    const upid = startTask(async (t) => t.sleep(500));
    await control.addFault({
      method: 'GET',
      path: '/nodes/pve1/tasks/*/status',
      count: 2,
      effect: { type: 'status', status: 595, reason: 'No route to host' },
    });
    await expect(c.tasks.wait(upid)).resolves.toMatchObject({ ok: true });
    const statuses = (await control.requests({ path: /\/status$/ })).map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual([595, 595]);
    await c.close();
  });

  it('stops polling on abort and leaves the PVE task running', async () => {
    const upid = startTask(async (t) => t.sleep(10 * 60_000));
    const ac = new AbortController();
    const err = await client.tasks
      .wait(upid, { signal: ac.signal, onPoll: () => ac.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveAbortError);
    await expect(client.tasks.status('pve1', upid)).resolves.toMatchObject({ status: 'running' });
    await client.tasks.stop('pve1', upid);
    await expect(client.tasks.wait(upid)).rejects.toMatchObject({
      exitstatus: 'received interrupt',
    });
  });

  it('with stopOnAbort also stops the PVE task', async () => {
    const upid = startTask(async (t) => t.sleep(10 * 60_000));
    const ac = new AbortController();
    const err = await client.tasks
      .wait(upid, { signal: ac.signal, stopOnAbort: true, onPoll: () => ac.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveAbortError);
    const stops = await control.requests({ method: 'DELETE' });
    expect(stops.map((e) => [e.path, e.status])).toEqual([[`/nodes/pve1/tasks/${upid}`, 200]]);
    const final = await client.tasks.wait(upid, { throwOnError: false });
    expect(final).toMatchObject({ ok: false, exitstatus: 'received interrupt' });
  });

  it('gives up after its timeout without touching the task', async () => {
    const upid = startTask(async (t) => t.sleep(10 * 60_000));
    const err = await client.tasks.wait(upid, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTimeoutError);
    await expect(client.tasks.status('pve1', upid)).resolves.toMatchObject({ status: 'running' });
    await client.tasks.stop('pve1', upid);
  });

  it('reads task status and log pages directly', async () => {
    const upid = startTask(
      async (t) => {
        for (let i = 1; i <= 5; i++) t.log(`l${i}`);
      },
      'download',
      'virtio-win.iso',
    );
    await client.tasks.wait(upid);
    const status = await client.tasks.status('pve1', upid);
    expect(status).toMatchObject({
      status: 'stopped',
      exitstatus: 'OK',
      type: 'download',
      user: 'labforge@pve',
      tokenid: 'builder',
    });
    expect(parseUpid(upid)).toMatchObject({
      type: 'download',
      id: 'virtio-win.iso',
      tokenid: 'builder',
    });
    const listed = await client.tasks.list('pve1', { typefilter: 'download', source: 'all' });
    expect(listed.find((t) => t.upid === upid)).toMatchObject({ status: 'OK', type: 'download' });
    const page = await client.tasks.log('pve1', upid, 2, 2);
    expect(page).toEqual({
      lines: [
        { n: 3, t: 'l3' },
        { n: 4, t: 'l4' },
      ],
      total: 6,
    });
  });
});
