import type { PoolListResponse } from '@labforge/contracts';
import type { classroomSeed } from '@labforge/pve-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testSeed, type Harness } from './helpers/harness.js';

// A Proxmox token that may audit one pool only: PVE lists that pool and hides the other.
const onePool = { id: 'labforge@pve!onepool', secret: '3c9e2a17-5b8d-4f60-9a1e-7d2c4b6f8e01' };
// A token with Pool.Audit on /pool itself that does not propagate: no pool below it is visible.
const poolRoot = { id: 'labforge@pve!poolroot', secret: '8d1f0b2c-6a3e-4c57-b9d4-2e7f1a0c5b93' };

function poolSeed(): typeof classroomSeed {
  const seed = structuredClone(testSeed());
  seed.resourcePools = [
    { poolid: 'class-3c', vms: [100] },
    { poolid: 'class-2b', comment: 'Biology 2B' },
  ];
  seed.tokens = [
    ...(seed.tokens ?? []),
    { tokenid: onePool.id, secret: onePool.secret, privsep: true },
    { tokenid: poolRoot.id, secret: poolRoot.secret, privsep: true },
  ];
  seed.acl = [
    ...(seed.acl ?? []),
    // Pool.Audit on / itself, but not inherited below it: /pool/* stay hidden.
    { path: '/', role: 'PVEAuditor', ugid: onePool.id, propagate: false },
    { path: '/vms', role: 'PVEVMAdmin', ugid: onePool.id },
    { path: '/pool/class-3c', role: 'PVEPoolUser', ugid: onePool.id },
    { path: '/pool', role: 'PVEPoolUser', ugid: poolRoot.id, propagate: false },
    { path: '/vms', role: 'PVEVMAdmin', ugid: poolRoot.id },
  ];
  return seed;
}

const url = '/api/vm-builder/pools?cluster_id=classroom';

describe('GET /api/vm-builder/pools', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: poolSeed() });
  }, 60_000);
  afterAll(() => h.close());

  it('lists every pool with its comment for a teacher and an admin', async () => {
    for (const who of [h.callers.teacher, h.callers.admin]) {
      const res = await h.call(who, { method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json<PoolListResponse>()).toEqual({
        ok: true,
        pools: [{ poolid: 'class-2b', comment: 'Biology 2B' }, { poolid: 'class-3c' }],
        complete: true,
      });
    }
  });

  it('refuses students and anonymous callers before Proxmox is asked', async () => {
    const student = await h.call(h.callers.student, { method: 'GET', url });
    expect(student.statusCode).toBe(403);
    expect(student.json()).toMatchObject({ ok: false });
    const anonymous = await h.call(h.callers.anonymous, { method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /api/vm-builder/pools with a token lacking Pool.Audit on /pool', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: poolSeed(), cluster: { token: onePool } });
  }, 60_000);
  afterAll(() => h.close());

  it('answers the pools PVE showed and says the list may be incomplete', async () => {
    const res = await h.call(h.callers.teacher, { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json<PoolListResponse>()).toEqual({
      ok: true,
      pools: [{ poolid: 'class-3c' }],
      complete: false,
    });
  });
});

describe('GET /api/vm-builder/pools with Pool.Audit on /pool that does not propagate', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: poolSeed(), cluster: { token: poolRoot } });
  }, 60_000);
  afterAll(() => h.close());

  it('sees no pool and does not call the empty list complete', async () => {
    const res = await h.call(h.callers.teacher, { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json<PoolListResponse>()).toEqual({ ok: true, pools: [], complete: false });
  });
});
