import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomSeed, type RunningSimulator, type SimSeed } from '@labforge/pve-sim';
import type { PveClient } from '../../src/index.js';
import { clientFor, startSim } from './harness.js';

// A token that may audit one pool only: PVE then lists that pool and leaves the others out.
const onePool = { tokenid: 'labforge@pve!onepool', secret: '3c9e2a17-5b8d-4f60-9a1e-7d2c4b6f8e01' };

function poolSeed(): SimSeed {
  const seed = structuredClone(classroomSeed) as SimSeed;
  seed.resourcePools = [
    { poolid: 'class-2b', comment: 'Biology 2B' },
    { poolid: 'class-3c', vms: [100] },
  ];
  seed.tokens = [...(seed.tokens ?? []), { ...onePool, privsep: true }];
  seed.acl = [
    ...(seed.acl ?? []),
    { path: '/vms', role: 'PVEVMAdmin', ugid: onePool.tokenid },
    { path: '/pool/class-3c', role: 'PVEPoolUser', ugid: onePool.tokenid },
  ];
  return seed;
}

let sim: RunningSimulator;
let client: PveClient;
let limited: PveClient;

beforeAll(async () => {
  ({ sim } = await startSim({ seed: poolSeed() }));
  client = clientFor(sim);
  limited = clientFor(sim, {
    auth: { kind: 'token', tokenId: onePool.tokenid, secret: onePool.secret },
  });
});
afterAll(async () => {
  await client.close();
  await limited.close();
  await sim.close();
});

describe('resource pools', () => {
  it('lists every pool with its comment for a token with Pool.Audit on /', async () => {
    expect(await client.pools.list()).toEqual([
      { poolid: 'class-2b', comment: 'Biology 2B' },
      { poolid: 'class-3c' },
    ]);
  });

  it('lists only the pools a token may audit, without an error', async () => {
    expect(await limited.pools.list()).toEqual([{ poolid: 'class-3c' }]);
    // The token's own permissions say why: Pool.Audit on that pool, nothing on /pool or /.
    const perms = await limited.access.permissions();
    expect(perms['/pool/class-3c']).toMatchObject({ 'Pool.Audit': 1 });
    expect(perms['/']?.['Pool.Audit']).toBeUndefined();
  });
});
