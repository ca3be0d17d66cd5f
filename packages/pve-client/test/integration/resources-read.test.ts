import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '@labforge/pve-sim';
import { PveHttpError, type PveClient } from '../../src/index.js';
import { clientFor, startSim, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim());
  client = clientFor(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await control.clearRequests();
});

describe('typed reads', () => {
  it('cluster resources, nextid, status and version', async () => {
    const vms = await client.cluster.resources('vm');
    expect(vms.map((v) => v.vmid).sort()).toEqual([100, 101, 9000]);
    expect(vms.find((v) => v.vmid === 9000)).toMatchObject({
      template: 1,
      node: 'pve1',
      type: 'qemu',
    });
    const storages = await client.cluster.resources('storage');
    expect(
      storages
        .filter((s) => s.storage === 'isos-nfs')
        .map((s) => s.node)
        .sort(),
    ).toEqual(['pve1', 'pve2', 'pve3']);
    const next = await client.cluster.nextId();
    expect(Number.isInteger(next) && next >= 100).toBe(true);
    const taken = await client.cluster.nextId(100).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(PveHttpError);
    expect((taken as PveHttpError).errors).toEqual({ vmid: 'VM 100 already exists' });
    const status = await client.cluster.status();
    expect(status.filter((e) => e.type === 'node')).toHaveLength(3);
    expect((await client.cluster.version()).version).toMatch(/^\d+\.\d+/);
  });

  it('nodes and node status', async () => {
    const nodes = await client.nodes.list();
    expect(nodes.every((n) => n.status === 'online')).toBe(true);
    const st = await client.nodes.status('pve1');
    expect(st.memory?.total).toBeGreaterThan(0);
  });

  it('storage list with boolean filters sent as 1/0, status and ISO content', async () => {
    const isoStores = await client.storage.list('pve1', {
      content: 'iso',
      enabled: true,
      format: false,
    });
    expect(isoStores.map((s) => s.storage).sort()).toEqual(['isos-nfs', 'local']);
    const [entry] = await control.requests({ path: '/nodes/pve1/storage' });
    expect(entry).toMatchObject({
      encoding: 'query',
      params: { content: 'iso', enabled: '1', format: '0' },
    });
    const st = await client.storage.status('pve1', 'local-lvm');
    expect(st).toMatchObject({ type: 'lvmthin', active: 1 });
    const isos = await client.storage.content('pve1', 'isos-nfs', { content: 'iso' });
    expect(isos.map((i) => i.volid)).toContain('isos-nfs:iso/virtio-win.iso');
    expect(isos.every((i) => i.content === 'iso' && i.size > 0)).toBe(true);
  });

  it('bridges, VMs, VM config with digest and VM status', async () => {
    const bridges = await client.network.list('pve1', 'bridge');
    expect(bridges.map((b) => b.iface).sort()).toEqual(['vmbr0', 'vmbr1']);
    const vms = await client.qemu.list('pve1');
    expect(vms.map((v) => v.vmid).sort()).toEqual([100, 9000]);
    const cfg = await client.qemu.config('pve1', 100);
    expect(cfg).toMatchObject({ name: 'web-01', scsihw: 'virtio-scsi-single' });
    expect(cfg.digest).toMatch(/^[0-9a-f]{40}$/);
    await expect(client.qemu.status('pve1', 100)).resolves.toMatchObject({
      vmid: 100,
      status: 'running',
    });
  });

  it("the caller's effective permissions", async () => {
    const perms = await client.access.permissions();
    expect(Object.keys(perms).length).toBeGreaterThan(0);
  });
});
