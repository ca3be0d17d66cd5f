import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, start } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());

const get = (path: string, query?: Record<string, string | number>) =>
  call(sim, 'GET', path, { auth: builder, ...(query ? { query } : {}) });

describe('cluster reads', () => {
  it('GET /version with PVE headers', async () => {
    const res = await get('/version');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers.server).toBe('pve-api-daemon/3.0');
    expect(res.body.data.release).toBe('9.1');
  });

  it('GET /nodes lists the three nodes with stats', async () => {
    const res = await get('/nodes');
    expect(res.body.data.map((n: { node: string }) => n.node)).toEqual(['pve1', 'pve2', 'pve3']);
    const pve3 = res.body.data[2];
    expect(pve3).toMatchObject({ status: 'online', type: 'node', id: 'node/pve3', maxcpu: 8 });
    expect(pve3.maxmem - pve3.mem).toBeLessThan(res.body.data[0].maxmem - res.body.data[0].mem);
  });

  it('GET /cluster/nextid returns a string and checks vmid=N', async () => {
    expect((await get('/cluster/nextid')).body).toEqual({ data: '102' });
    expect((await get('/cluster/nextid', { vmid: 150 })).body).toEqual({ data: '150' });
    const taken = await get('/cluster/nextid', { vmid: 100 });
    expect(taken.status).toBe(400);
    expect(taken.reason).toBe('Parameter verification failed.');
    expect(taken.body).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: { vmid: 'VM 100 already exists' },
    });
  });

  it('GET /cluster/resources by type, one storage entry per node', async () => {
    const storage = (await get('/cluster/resources', { type: 'storage' })).body.data;
    const ids = storage.map((s: { id: string }) => s.id);
    expect(ids).toContain('storage/pve2/isos-nfs');
    expect(ids.filter((i: string) => i.endsWith('/local-lvm'))).toHaveLength(3);
    const vms = (await get('/cluster/resources', { type: 'vm' })).body.data;
    expect(vms.find((v: { vmid: number }) => v.vmid === 9000)).toMatchObject({
      template: 1,
      node: 'pve1',
      type: 'qemu',
    });
    const bad = await get('/cluster/resources', { type: 'foo' });
    expect(bad.status).toBe(400);
  });

  it('GET /cluster/status includes the cluster entry', async () => {
    const res = await get('/cluster/status');
    expect(res.body.data[0]).toMatchObject({
      type: 'cluster',
      name: 'classroom',
      nodes: 3,
      quorate: 1,
    });
  });
});

describe('storage reads', () => {
  it('filters by content and adds formats', async () => {
    const res = await get('/nodes/pve1/storage', { content: 'iso', format: 1 });
    expect(res.body.data.map((s: { storage: string }) => s.storage)).toEqual(['isos-nfs', 'local']);
    expect(res.body.data[1].formats).toEqual({
      supported: ['qcow2', 'raw', 'vmdk'],
      default: 'raw',
    });
    const shared = await get('/nodes/pve1/storage', { target: 'pve2' });
    expect(shared.body.data.map((s: { storage: string }) => s.storage)).toEqual(['isos-nfs']);
    const unknown = await get('/nodes/pve1/storage', { storage: 'nope' });
    expect(unknown.body.errors).toEqual({ storage: 'No such storage.' });
  });

  it('lists ISO content sorted case-insensitively, per node for local storages', async () => {
    const pve1 = (await get('/nodes/pve1/storage/local/content', { content: 'iso' })).body.data;
    expect(pve1.map((v: { volid: string }) => v.volid)).toEqual([
      'local:iso/ubuntu-22.04-live-server-amd64.iso',
      'local:iso/Win10_22H2_English_x64.iso',
    ]);
    expect(pve1[0]).toMatchObject({ format: 'iso', content: 'iso', size: 2133391360 });
    const nfs = (await get('/nodes/pve3/storage/isos-nfs/content')).body.data;
    expect(nfs).toHaveLength(2);
    expect(
      (await get('/nodes/pve1/storage/local-lvm/content', { content: 'iso' })).body.data,
    ).toEqual([]);
    const missing = await get('/nodes/pve1/storage/nope/content');
    expect(missing.status).toBe(500);
    expect(missing.body.message).toBe("storage 'nope' does not exist\n");
  });

  it('reports storage status', async () => {
    const res = await get('/nodes/pve2/storage/local-lvm/status');
    expect(res.body.data).toMatchObject({ type: 'lvmthin', active: 1, enabled: 1, shared: 0 });
    expect(res.body.data.avail).toBe(res.body.data.total - res.body.data.used);
  });
});

describe('network and qemu reads', () => {
  it('lists bridges with any_bridge', async () => {
    const res = await get('/nodes/pve1/network', { type: 'any_bridge' });
    expect(res.body.data.map((b: { iface: string }) => b.iface)).toEqual(['vmbr0', 'vmbr1']);
    expect(res.body.data[0]).toMatchObject({
      type: 'bridge',
      cidr: '10.10.0.11/24',
      bridge_ports: 'eno1',
    });
  });

  it('lists VMs and returns config with digest', async () => {
    const list = (await get('/nodes/pve1/qemu')).body.data;
    expect(list.map((v: { vmid: number }) => v.vmid)).toEqual([100, 9000]);
    const cfg = (await get('/nodes/pve1/qemu/100/config')).body.data;
    expect(cfg).toMatchObject({ name: 'web-01', cores: 2, memory: '4096', ostype: 'l26' });
    expect(cfg.digest).toMatch(/^[0-9a-f]{40}$/);
    const status = (await get('/nodes/pve1/qemu/100/status/current')).body.data;
    expect(status).toMatchObject({ status: 'running', vmid: 100, qmpstatus: 'running' });
  });

  it('a VM on another node has no config file there', async () => {
    const res = await get('/nodes/pve2/qemu/100/config');
    expect(res.status).toBe(500);
    expect(res.reason).toBe("Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist");
  });

  it('unknown paths answer 501, unknown nodes 500, offline nodes 595', async () => {
    const unknown = await get('/nodes/pve1/foo');
    expect(unknown.status).toBe(501);
    expect(unknown.body.message).toBe("Method 'GET /nodes/pve1/foo' not implemented");
    const ghost = await get('/nodes/ghost/qemu');
    expect(ghost.status).toBe(500);
    expect(ghost.reason).toBe(
      "hostname lookup 'ghost' failed - failed to get address info for: ghost: Name or service not known",
    );
    await call(sim, 'POST', '/_sim/nodes/pve3', { json: { online: false } });
    const off = await get('/nodes/pve3/qemu');
    expect(off.status).toBe(595);
    expect(off.reason).toBe('No route to host');
    expect(off.text).toBe('');
    const nodes = (await get('/nodes')).body.data;
    expect(nodes[2].status).toBe('offline');
    await call(sim, 'POST', '/_sim/nodes/pve3', { json: { online: true } });
  });
});

describe('journal', () => {
  it('records method, path, params, encoding and identity', async () => {
    const before = (await call(sim, 'GET', '/_sim/requests')).body as { seq: number }[];
    const since = before.at(-1)?.seq ?? 0;
    await get('/cluster/nextid', { vmid: 123 });
    const entries = (await call(sim, 'GET', '/_sim/requests', { query: { since } })).body;
    expect(entries).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/cluster/nextid',
        params: { vmid: '123' },
        encoding: 'query',
        identity: 'labforge@pve!builder',
        status: 200,
      }),
    ]);
  });
});

describe('request pipeline corners', () => {
  it('refuses bodies on GET and URI/body parameter conflicts', async () => {
    const body = await call(sim, 'GET', '/version', { auth: builder, form: { a: 1 } });
    expect(body.status).toBe(501);
    expect(body.reason).toBe("Unexpected content for method 'GET'");
    const conflict = await call(sim, 'POST', '/nodes/pve1/qemu', {
      auth: builder,
      form: { node: 'pve2', vmid: 400 },
    });
    expect(conflict.status).toBe(400);
    expect(conflict.body.errors).toEqual({
      node: 'duplicate parameter (already defined in URI) with conflicting values!',
    });
  });

  it('answers HEAD with 501', async () => {
    const head = await call(sim, 'HEAD', '/version', { auth: builder });
    expect(head.status).toBe(501);
    expect(head.reason).toBe("method 'HEAD' not available");
  });
});

describe('task endpoints for unknown tasks', () => {
  it('answer like PVE: index without lookup, log with an error line, status 400', async () => {
    const upid = 'UPID:pve1:00001234:00ABCDEF:65F1A2B3:qmcreate:100:root@pam:';
    const path = `/nodes/pve1/tasks/${encodeURIComponent(upid)}`;
    expect((await get(path)).body.data).toEqual([{ name: 'log' }, { name: 'status' }]);
    expect((await get(`${path}/log`)).body).toEqual({
      data: [{ n: 1, t: 'unable to open file - No such file or directory' }],
      total: 1,
    });
    expect((await get(`${path}/status`)).body.errors).toEqual({ upid: 'no such task' });
    expect((await get('/nodes/pve1/tasks/bogus/status')).body.errors).toEqual({
      upid: 'unable to parse worker upid',
    });
  });
});

describe('CPU models', () => {
  it('GET /nodes/{node}/capabilities/qemu/cpu lists every model a VM may use, with its vendor', async () => {
    const res = await get('/nodes/pve2/capabilities/qemu/cpu');
    expect(res.status).toBe(200);
    const models = res.body.data as Array<{ name: string; custom: number; vendor: string }>;
    const byName = new Map(models.map((m) => [m.name, m]));
    expect(byName.get('host')).toEqual({ name: 'host', custom: 0, vendor: 'default' });
    expect(byName.get('x86-64-v2-AES')?.vendor).toBe('default');
    expect(byName.get('EPYC-Rome')?.vendor).toBe('AuthenticAMD');
    expect(byName.get('Skylake-Server')?.vendor).toBe('GenuineIntel');
    expect(byName.has('pentium4')).toBe(false);
    // The list is exactly what create accepts: a listed model creates, an unlisted one is refused.
    expect(new Set(models.map((m) => m.name)).size).toBe(models.length);
  });

  it('is answered by the entry node, even for an offline node (PVE does not proxy it)', async () => {
    await call(sim, 'POST', '/_sim/nodes/pve3', { json: { online: false } });
    try {
      expect((await get('/nodes/pve3/capabilities/qemu/cpu')).status).toBe(200);
    } finally {
      await call(sim, 'POST', '/_sim/nodes/pve3', { json: { online: true } });
    }
  });
});
