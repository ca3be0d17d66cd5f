import { buildRequestSchema, type BuildRequestInput } from '@labforge/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuilderError } from '../src/index.js';
import { seedWith, GiB } from './support/seeds.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

// The same volid on two nodes' local storage, and a `local` that may hold disks (dir, thick).
const seed = seedWith((s) => {
  s.files?.push({
    volid: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    size: 2133391360,
    node: 'pve3',
    ctime: 1754000000,
  });
  const local = s.storages.find((x) => x.id === 'local');
  if (local) local.content = ['iso', 'vztmpl', 'backup', 'images'];
});

let env: SimEnv;
beforeAll(async () => {
  env = await startEnv({ seed });
});
beforeEach(async () => {
  await env.control.reset();
  env.engine.invalidateIsos();
});
afterAll(async () => {
  expect(await env.nonConforming()).toEqual([]);
  await env.close();
});

const req = (input: Partial<BuildRequestInput>) =>
  buildRequestSchema.parse({
    vm_name: 'vm',
    iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    ...input,
  });

async function failure(p: Promise<unknown>): Promise<BuilderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BuilderError);
  return err as BuilderError;
}

describe('ISO discovery', () => {
  it('lists every ISO once, shared ones with every node, in a constant number of round trips', async () => {
    await env.nonConforming();
    const before = env.checked();
    const list = await env.engine.listIsos({ refresh: true });
    await env.nonConforming();
    // 2 resource reads + 1 shared read + 3 nodes x `local`
    expect(env.checked() - before).toBe(6);
    const byVolid = Object.fromEntries(list.isos.map((i) => [i.volid, i]));
    expect(byVolid['isos-nfs:iso/virtio-win.iso']).toMatchObject({
      shared: true,
      nodes: ['pve1', 'pve2', 'pve3'],
    });
    expect(byVolid['local:iso/ubuntu-22.04-live-server-amd64.iso']).toMatchObject({
      shared: false,
      nodes: ['pve1', 'pve3'],
    });
    expect(byVolid['local:iso/Win11_24H2_English_x64.iso']).toMatchObject({
      nodes: ['pve2'],
      os_hint: 'windows11',
    });
    expect(list.nodes.map((n) => n.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('marks an offline node, keeps what was known about it, and never hides the others', async () => {
    await env.engine.listIsos({ refresh: true });
    await env.control.setNode('pve2', false);
    const list = await env.engine.listIsos({ refresh: true });
    expect(list.nodes.find((n) => n.node === 'pve2')).toMatchObject({ status: 'offline' });
    expect(list.nodes.filter((n) => n.node !== 'pve2').map((n) => n.status)).toEqual(['ok', 'ok']);
    expect(
      list.isos.find((i) => i.volid === 'local:iso/Win11_24H2_English_x64.iso')?.nodes,
    ).toEqual(['pve2']);
    expect(list.isos.find((i) => i.volid === 'isos-nfs:iso/virtio-win.iso')).toBeDefined();
    const err = await failure(
      env.engine.jobs.build.run(
        req({ iso_file: 'local:iso/Win11_24H2_English_x64.iso', os_type: 'windows11' }),
        ctxFor(),
      ),
    );
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/pve2: node is offline/);
  });

  it('lists one node live', async () => {
    const list = await env.engine.listIsos({ node: 'pve2' });
    expect(list.nodes).toEqual([{ node: 'pve2', status: 'ok', iso_count: list.isos.length }]);
    expect(list.isos.map((i) => i.volid).sort()).toEqual([
      'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
      'isos-nfs:iso/virtio-win.iso',
      'local:iso/Win11_24H2_English_x64.iso',
      'local:iso/debian-12.0.0-amd64-netinst.iso',
    ]);
  });

  it('serves from the cache until invalidated and shares one refresh between callers', async () => {
    const engine = (await import('../src/index.js')).createBuilderEngine(env.cluster, {
      isoCacheTtlMs: 60_000,
    });
    await env.nonConforming();
    const start = env.checked();
    const [a, b] = await Promise.all([engine.listIsos({}), engine.listIsos({})]);
    expect(a.fetched_at).toBe(b.fetched_at);
    await engine.listIsos({});
    await env.nonConforming();
    expect(env.checked() - start).toBe(6);
    engine.invalidateIsos();
    await engine.listIsos({});
    await env.nonConforming();
    expect(env.checked() - start).toBe(12);
  });
});

describe('placement through the engine', () => {
  it('chooses among the nodes holding a duplicated ISO, and honours an explicit one', async () => {
    const auto = await env.engine.preflight(req({ storage: 'local-lvm' }));
    expect(auto.placement?.candidates.sort()).toEqual(['pve1', 'pve3']);
    expect(auto.placement?.reason).toMatch(/ISO exists on 2 nodes/);
    const pinned = await env.engine.jobs.build.run(
      req({ storage: 'local-lvm', node: 'pve3' }),
      ctxFor(),
    );
    expect(pinned.node).toBe('pve3');
    expect(pinned.placement.reason).toMatch(/requested explicitly/);
  });

  it('refuses an explicit node that cannot read the ISO, with the reason', async () => {
    const err = await failure(env.engine.jobs.build.run(req({ node: 'pve2' }), ctxFor()));
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/Node 'pve2' cannot host this VM: pve2: cannot read ISO/);
  });

  it('answers "ISO file not found on any node"', async () => {
    const err = await failure(
      env.engine.jobs.build.run(req({ iso_file: 'local:iso/missing.iso' }), ctxFor()),
    );
    expect(err).toMatchObject({ status: 404, message: 'ISO file not found on any node' });
  });

  it('names storage, node, available and needed space when the storage is full', async () => {
    await env.control.setStorage('local', { used: 90 * GiB, total: 94 * GiB });
    const err = await failure(
      env.engine.jobs.build.run(req({ storage: 'local', disk_size_gb: 32 }), ctxFor()),
    );
    expect(err.status).toBe(507);
    expect(err.message).toMatch(
      /Storage 'local' on node 'pve(1|3)' is full: 4\.0 GiB available, 32\.0 GiB needed/,
    );
    expect(err.details).toMatchObject({
      storage: 'local',
      avail_bytes: 4 * GiB,
      needed_bytes: 32 * GiB,
    });
  });

  it('only warns when a thin pool would overcommit', async () => {
    await env.control.setStorage('local-lvm', { used: 340 * GiB, total: 348 * GiB });
    const out = await env.engine.jobs.build.run(
      req({ storage: 'local-lvm', disk_size_gb: 32 }),
      ctxFor(),
    );
    expect(out.warnings.join(' ')).toMatch(/thin pool 'local-lvm'.*overcommits/);
  });

  it('keeps to nodes that have the bridge', async () => {
    const out = await env.engine.jobs.build.run(
      req({
        iso_file: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
        os_type: 'rocky',
        network_bridge: 'vmbr1',
      }),
      ctxFor(),
    );
    expect(out.node).toBe('pve1');
    expect(out.placement.rejected).toEqual(
      expect.arrayContaining([{ node: 'pve2', reasons: ["bridge 'vmbr1' does not exist"] }]),
    );
  });
});
