import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry, RunningSimulator } from '../src/index.js';
import { HangingCalls, builder, call, start, waitTask } from './helpers.js';
import { linuxWizardVm as linux } from './wizard-bodies.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
  await call(sim, 'DELETE', '/_sim/requests');
});

const addFault = (s: RunningSimulator, effect: Record<string, unknown>) =>
  call(s, 'POST', '/_sim/faults', {
    json: { method: 'POST', path: '/nodes/pve1/qemu', count: 1, effect },
  });
const create = (s: RunningSimulator, opts = {}) =>
  call(s, 'POST', '/nodes/pve1/qemu', { auth: builder, form: linux, ...opts });
const creates = async (s: RunningSimulator): Promise<JournalEntry[]> =>
  ((await call(s, 'GET', '/_sim/requests')).body as JournalEntry[]).filter(
    (e) => e.method === 'POST' && e.path === '/nodes/pve1/qemu',
  );
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );

/** The create really happened: its qmcreate task ran to OK and VM 200 has its config. */
async function expectVm200Created(s: RunningSimulator): Promise<void> {
  const tasks = await call(s, 'GET', '/nodes/pve1/tasks', {
    auth: builder,
    query: { source: 'all', vmid: 200, typefilter: 'qmcreate' },
  });
  expect(tasks.body.data).toHaveLength(1);
  expect((await waitTask(s, builder, tasks.body.data[0].upid)).exitstatus).toBe('OK');
  const cfg = await call(s, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder });
  expect(cfg.body.data).toMatchObject({ name: linux.name });
}

describe('drop after handling', () => {
  it('creates the VM, then closes the connection without an answer', async () => {
    await addFault(sim, { type: 'drop', when: 'after' });
    const err = await errorOf(create(sim));
    expect(err?.code).toBe('UND_ERR_SOCKET');
    expect(err?.message).toBe('other side closed');
    await expectVm200Created(sim);
    const [entry] = await creates(sim);
    expect(entry).toMatchObject({ status: 200, dropped: true, params: { vmid: '200' } });
    // count: 1 - the next create is answered (and PVE refuses it: the VM exists).
    expect((await create(sim)).status).toBe(500);
  });

  it('drops a refusal too, after PVE handled it', async () => {
    await addFault(sim, { type: 'drop', when: 'after' });
    const err = await errorOf(create(sim, { form: { ...linux, vmid: 101 } }));
    expect(err?.code).toBe('UND_ERR_SOCKET');
    expect(await creates(sim)).toMatchObject([{ status: 500, dropped: true }]);
  });

  it.each([false, true])('resets the connection (read ECONNRESET), https %s', async (https) => {
    const s = https ? await start({ https: true }) : sim;
    try {
      await addFault(s, { type: 'drop', when: 'after', reset: true });
      const err = await errorOf(create(s));
      expect(err?.code).toBe('ECONNRESET');
      await expectVm200Created(s);
    } finally {
      if (https) await s.close();
    }
  });

  it('still drops before handling by default: nothing is created', async () => {
    await addFault(sim, { type: 'drop' });
    expect((await errorOf(create(sim)))?.code).toBe('UND_ERR_SOCKET');
    expect(await creates(sim)).toMatchObject([{ status: 0 }]);
    expect((await call(sim, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder })).status).toBe(
      500,
    );
  });
});

describe('delay after handling', () => {
  it('holds the answer while the VM already exists', async () => {
    await addFault(sim, { type: 'delay', ms: 60_000, when: 'after' });
    const hanging = new HangingCalls();
    let settled = false;
    hanging.add(create(sim, hanging.opts).finally(() => (settled = true)));
    for (let i = 0; i < 500 && (await creates(sim)).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(await creates(sim)).toMatchObject([{ status: 200 }]);
    await expectVm200Created(sim);
    expect(settled).toBe(false);
    await hanging.stop();
  });

  it('sends the held answer once the time is up', async () => {
    await addFault(sim, { type: 'delay', ms: 50, when: 'after' });
    const res = await create(sim);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatch(/^UPID:pve1:.*:qmcreate:200:/);
  });

  it('a delay before handling holds the request instead: nothing exists yet', async () => {
    await addFault(sim, { type: 'delay', ms: 60_000 });
    const hanging = new HangingCalls();
    hanging.add(create(sim, hanging.opts));
    const rules = async () => (await call(sim, 'GET', '/_sim/faults')).body as { hits: number }[];
    for (let i = 0; i < 500 && (await rules())[0]?.hits === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await rules())[0]?.hits).toBe(1);
    expect((await call(sim, 'GET', '/nodes/pve1/qemu/200/config', { auth: builder })).status).toBe(
      500,
    );
    await hanging.stop();
    expect(await creates(sim)).toEqual([]);
  });
});

describe('fault rule checks', () => {
  it.each([
    { type: 'status', status: 500, when: 'after' },
    { type: 'drop', when: 'later' },
    { type: 'delay' },
    { type: 'delay', ms: -1 },
  ])('refuses %j', async (effect) => {
    const res = await call(sim, 'POST', '/_sim/faults', { json: { path: '/version', effect } });
    expect(res.status).toBe(400);
    expect((await call(sim, 'GET', '/_sim/faults')).body).toEqual([]);
  });
});
