import { classroomCredentials } from '@labforge/pve-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS, startHarness, UBUNTU_BODY, type Harness } from './helpers/harness.js';
import { journal, simControl } from './helpers/sim-control.js';

/** Proxmox misbehaving, through the simulator's /_sim/faults, and a scan for leaked secrets. */
describe('faults', () => {
  let h: Harness;
  const bodies: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => simControl(h.sim, 'DELETE', '/_sim/faults'));
  afterAll(() => h.close());

  async function get(url: string) {
    const res = await h.call(h.callers.teacher, { method: 'GET', url });
    bodies.push(res.body);
    return res;
  }
  async function build(payload: object) {
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload,
    });
    bodies.push(res.body);
    return res;
  }

  it('a transient 595 on a read is retried and the answer is normal', async () => {
    await simControl(h.sim, 'DELETE', '/_sim/requests');
    await simControl(h.sim, 'POST', '/_sim/faults', {
      method: 'GET',
      path: '/cluster/resources',
      count: 1,
      effect: { type: 'status', status: 595, reason: 'Connection refused' },
    });
    const res = await get('/api/vm-builder/nodes');
    expect(res.statusCode).toBe(200);
    const calls = (await journal(h.sim)).filter((e) => e.path === '/cluster/resources');
    expect(calls.map((c) => c.status)).toEqual(expect.arrayContaining([595, 200]));
  });

  it('reads failing with 5xx/595 every time end in a 502 naming the cluster', async () => {
    for (const status of [500, 595]) {
      await simControl(h.sim, 'POST', '/_sim/faults', {
        method: 'GET',
        path: '**',
        effect: { type: 'status', status, reason: 'proxy loop detected' },
      });
      const res = await get('/api/vm-builder/nodes');
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ ok: false, error: expect.stringContaining('classroom') });
      await simControl(h.sim, 'DELETE', '/_sim/faults');
    }
    expect((await get('/api/health')).json().clusters[0].reachable).toBe(true);
  });

  it('an offline node shows as offline in the ISO list while the others answer', async () => {
    await simControl(h.sim, 'POST', '/_sim/nodes/pve2', { online: false });
    try {
      const res = await get('/api/vm-builder/isos?refresh=1');
      expect(res.statusCode).toBe(200);
      const nodes = res.json().nodes as Array<{ node: string; status: string }>;
      expect(nodes.find((n) => n.node === 'pve2')?.status).toBe('offline');
      expect(nodes.find((n) => n.node === 'pve1')?.status).toBe('ok');
      expect(res.json().isos.some((i: { volid: string }) => i.volid.includes('ubuntu-22.04'))).toBe(
        true,
      );
    } finally {
      await simControl(h.sim, 'POST', '/_sim/nodes/pve2', { online: true });
    }
  });

  it("a failing create task fails the job with PVE's text and leaves nothing behind", async () => {
    await simControl(h.sim, 'POST', '/_sim/faults', {
      method: 'POST',
      path: '/nodes/*/qemu',
      effect: { type: 'task-error', message: "lvcreate 'pve/vm-disk' error: out of extents" },
    });
    const res = await build({ ...UBUNTU_BODY, vm_name: 'doomed' });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toContain("lvcreate 'pve/vm-disk' error: out of extents");
    const job = (await get(`/api/vm-builder/jobs/${res.json().details.job_id}`)).json().job;
    expect(job).toMatchObject({
      status: 'failed',
      error: { step: 'create', message: expect.stringContaining('out of extents') },
    });
    expect(job.steps.find((s: { name: string }) => s.name === 'create').status).toBe('failed');
    const vms = (await get('/api/vm-builder/templates')).json().vms as Array<{ name: string }>;
    expect(vms.some((v) => v.name === 'doomed')).toBe(false);
  });

  it('no response or log line carries a Proxmox secret, a password or a password hash', async () => {
    // A spread of traffic that logs: failed logins, validation errors, a build, a 502.
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong-password' },
    });
    await build({ ...UBUNTU_BODY, vm_name: 'scan-me' });
    await build({ ...UBUNTU_BODY, iso_file: '' });
    for (const url of [
      '/api/admin/users',
      '/api/auth/session',
      '/api/admin/audit',
      '/api/vm-builder/jobs',
      '/api/health',
      '/docs/json',
    ]) {
      bodies.push((await h.call(h.callers.admin, { method: 'GET', url })).body);
    }
    const secrets = [
      classroomCredentials.builderToken.secret,
      classroomCredentials.root.password,
      ...Object.values(PASSWORDS),
      'scrypt$',
      h.callers.teacher.cookie!.split('=')[1]!,
    ];
    const haystack = [...bodies, ...h.logs];
    expect(h.logs.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      const hits = haystack.filter((text) => text.includes(secret));
      expect(hits, `leaked ${secret.slice(0, 6)}...`).toEqual([]);
    }
  });
});
