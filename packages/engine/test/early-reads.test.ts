import type { PveClient } from '@labforge/pve-client';
import { describe, expect, it } from 'vitest';
import { TtlCache } from '../src/util/ttl-cache.js';
import { VmidAllocator } from '../src/vm/vmid.js';

/** A client whose nextid answers from a counter the test moves (VMs "created" so far). */
function fakeNextId(fail = false) {
  const state = { next: 100, asked: 0 };
  const client = {
    cluster: {
      nextId: () => {
        state.asked++;
        return fail && state.asked === 1
          ? Promise.reject(new Error('connection reset'))
          : Promise.resolve(state.next);
      },
    },
  } as unknown as PveClient;
  return { client, state };
}

describe('a VMID asked before the lock', () => {
  it('is used when nothing was created meanwhile: one nextid read in all', async () => {
    const { client, state } = fakeNextId();
    const ids = new VmidAllocator(client);
    const early = ids.askEarly();
    const got = await ids.createWith(
      undefined,
      (id) => Promise.resolve(`created ${id}`),
      undefined,
      early,
    );
    expect(got).toEqual({ vmid: 100, result: 'created 100' });
    expect(state.asked).toBe(1);
  });

  it('is asked again when another create started after it was asked', async () => {
    const { client, state } = fakeNextId();
    const ids = new VmidAllocator(client);
    const early = ids.askEarly();
    await ids.createWith(undefined, (id) => Promise.resolve((state.next = id + 1)));
    const got = await ids.createWith(undefined, (id) => Promise.resolve(id), undefined, early);
    expect(got.vmid).toBe(101);
    expect(state.asked).toBe(3);
  });

  it('is asked again when it was asked while a create was under way', async () => {
    const { client, state } = fakeNextId();
    const ids = new VmidAllocator(client);
    let early: ReturnType<VmidAllocator['askEarly']> | undefined;
    await ids.createWith(undefined, (id) => {
      early = ids.askEarly(); // nextid may or may not count the VM being created now
      state.next = id + 1;
      return Promise.resolve(id);
    });
    const got = await ids.createWith(undefined, (id) => Promise.resolve(id), undefined, early);
    expect(got.vmid).toBe(101);
  });

  it('is asked again when the early read failed', async () => {
    const { client, state } = fakeNextId(true);
    const ids = new VmidAllocator(client);
    const early = ids.askEarly();
    const got = await ids.createWith(undefined, (id) => Promise.resolve(id), undefined, early);
    expect(got.vmid).toBe(100);
    expect(state.asked).toBe(2);
  });
});

describe('TtlCache', () => {
  it('shares one read between callers, keeps it for the TTL, and forgets failures', async () => {
    let t = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, () => t);
    const load = () => Promise.resolve(++loads);
    const [a, b] = await Promise.all([cache.get('n', load), cache.get('n', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    t = 999;
    expect(await cache.get('n', load)).toBe(1);
    t = 1000;
    expect(await cache.get('n', load)).toBe(2);
    await expect(cache.get('m', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('m', load)).toBe(3);
  });
});
