import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import {
  checkRequest,
  expectedSchemaPath,
  loadOfficialApi,
  officialSchemaPath,
} from '@labforge/pve-sim/conformance';
import type { PveClient } from '../../src/index.js';
import { clientFor, startSim, userAuth, type SimControl } from './harness.js';

const schemaPath = officialSchemaPath();
if (!schemaPath) {
  console.warn(
    `pve-client conformance skipped: official schema not found at ${expectedSchemaPath()}`,
  );
}

let sim: RunningSimulator;
let control: SimControl;

beforeAll(async () => {
  ({ sim, control } = await startSim());
});
afterAll(async () => {
  await sim.close();
});

const swallow = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => e);

/** Every resource method once, with the parameters the engine uses. */
async function exercise(client: PveClient): Promise<void> {
  for (const type of [undefined, 'vm', 'storage', 'node'] as const)
    await client.cluster.resources(type);
  await client.cluster.nextId();
  await swallow(client.cluster.nextId(100));
  await client.cluster.status();
  await client.cluster.version();
  await client.nodes.list();
  await client.nodes.status('pve1');
  await client.storage.list('pve1', {
    content: 'images',
    enabled: true,
    format: true,
    storage: 'local-lvm',
  });
  await client.storage.status('pve1', 'local');
  await client.storage.content('pve1', 'local', { content: 'iso' });
  await client.network.list('pve1', 'any_bridge');
  await client.network.list('pve1', 'bridge');
  await client.access.permissions('/storage/local');
  await client.pools.list();
  await swallow(
    client.storage.queryUrlMetadata('pve1', 'https://example.org/virtio-win.iso', {
      'verify-certificates': true,
    }),
  );
  await swallow(
    client.storage.downloadUrl('pve1', 'local', {
      url: 'https://example.org/virtio-win.iso',
      content: 'iso',
      filename: 'virtio-win-0.1.285.iso',
      checksum: 'a'.repeat(64),
      'checksum-algorithm': 'sha256',
      'verify-certificates': true,
    }),
  );
  const vmid = await client.cluster.nextId();
  const upid = await client.qemu.create('pve2', {
    vmid,
    name: 'conformance',
    ostype: 'win11',
    machine: 'q35',
    bios: 'ovmf',
    efidisk0: 'local-lvm:1,efitype=4m,pre-enrolled-keys=1',
    tpmstate0: 'local-lvm:1,version=v2.0',
    scsi0: 'local-lvm:32,iothread=1',
    ide2: 'local:iso/Win11_24H2_English_x64.iso,media=cdrom',
    ide0: 'isos-nfs:iso/virtio-win.iso,media=cdrom',
    net0: 'virtio,bridge=vmbr0',
    boot: 'order=ide2;scsi0',
    agent: 'enabled=1',
    tablet: true,
    tags: 'labforge',
  });
  const done = await client.tasks.wait(upid, { onLog: () => undefined });
  await client.tasks.status(done.node, upid);
  await client.tasks.log(done.node, upid, 0, 50);
  await client.tasks.list(done.node, { vmid, source: 'all', errors: false, limit: 10 });
  await client.qemu.list('pve2');
  await client.qemu.config('pve2', vmid, { current: true });
  await client.qemu.status('pve2', vmid);
  await client.qemu.updateConfig('pve2', vmid, { description: 'x', delete: 'tablet' });
  const cfgTask = await client.qemu.updateConfig(
    'pve2',
    vmid,
    { ide2: 'none,media=cdrom' },
    { async: true },
  );
  if (cfgTask) await client.tasks.wait(cfgTask);
  await client.tasks.wait(await client.qemu.start('pve2', vmid));
  await client.tasks.wait(await client.qemu.stop('pve2', vmid));
  await client.tasks.wait(await client.qemu.template('pve2', vmid, 'scsi0'));
  const del = await client.qemu.destroy('pve2', vmid, {
    purge: true,
    'destroy-unreferenced-disks': true,
  });
  await swallow(client.tasks.stop('pve2', del));
  await swallow(client.tasks.wait(del));
}

describe.skipIf(!schemaPath)('requests conform to the official PVE API schema', () => {
  it('every request the client sends passes PVE routing and parameter verification', async () => {
    const api = loadOfficialApi(schemaPath)!;
    await control.clearRequests();
    const token = clientFor(sim);
    await exercise(token);
    await token.close();
    const ticket = clientFor(sim, { auth: userAuth });
    await ticket.nodes.list();
    await ticket.close();
    const journal = await control.requests();
    expect(journal.length).toBeGreaterThan(35);
    const failures = journal
      .map((e) => ({ e, verdict: checkRequest(api, e) }))
      .filter(({ verdict }) => !verdict.ok)
      .map(({ e, verdict }) => ({ method: e.method, path: e.path, params: e.params, verdict }));
    expect(failures).toEqual([]);
  });

  it('the check is discriminating: a JSON-style boolean in a query string is refused', () => {
    const api = loadOfficialApi(schemaPath)!;
    const bad = { method: 'GET', path: '/nodes/pve1/storage', encoding: 'query' as const };
    expect(checkRequest(api, { ...bad, params: { enabled: 'true' } }).ok).toBe(false);
    expect(checkRequest(api, { ...bad, params: { enabled: '1' } }).ok).toBe(true);
  });
});
