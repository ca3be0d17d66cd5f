import { SPEC_EXAMPLE_REQUESTS } from '@labforge/contracts';
import { startHarness, UBUNTU_BODY, type Harness } from './helpers/harness.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The specification's curl examples, as written, plus authentication (a personal API token). */
describe('the specification examples', () => {
  let h: Harness;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    h = await startHarness();
    const created = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'curl' },
    });
    bearer = { authorization: `Bearer ${(created.json() as { secret: string }).secret}` };
  });
  afterAll(() => h.close());

  const post = (payload: unknown) =>
    h.app.inject({
      method: 'POST',
      url: '/api/vm-builder/build',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  it('builds the Linux VM and answers vmid, node, console link and job id', async () => {
    const res = await post(UBUNTU_BODY);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      ok: true,
      name: 'ubuntu-test',
      node: 'pve1',
      template: false,
      status: 'stopped',
      storage: 'local-lvm',
    });
    expect(body.vmid).toBeGreaterThanOrEqual(100);
    expect(body.console_url).toContain(`vmid=${body.vmid}`);
    const job = await h.call(h.callers.teacher, {
      method: 'GET',
      url: `/api/vm-builder/jobs/${body.job_id}`,
    });
    expect(job.json().job).toMatchObject({
      status: 'succeeded',
      kind: 'build',
      created_by: 'teacher',
    });
  });

  it('builds the Debian template (converted after creation) on the node holding its ISO', async () => {
    const res = await post(SPEC_EXAMPLE_REQUESTS.template);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      name: 'debian-template',
      node: 'pve2',
      template: true,
    });
    const cat = await h.call(h.callers.teacher, {
      method: 'GET',
      url: '/api/vm-builder/templates',
    });
    const vm = (cat.json().vms as Array<{ vmid: number; template: boolean }>).find(
      (v) => v.vmid === res.json().vmid,
    );
    expect(vm?.template).toBe(true);
  });

  it('builds the Windows VM with the VirtIO drivers ISO attached', async () => {
    const res = await post(SPEC_EXAMPLE_REQUESTS.windows);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, name: 'windows-10', template: false });
    expect(res.json().virtio_iso_file).toMatch(/virtio-win\.iso$/);
  });

  it('lists the ISOs of every node in the specification shape', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/vm-builder/isos', headers: bearer });
    expect(res.statusCode).toBe(200);
    const iso = (res.json().isos as Array<Record<string, unknown>>).find(
      (i) => i.name === 'ubuntu-22.04-live-server-amd64.iso',
    );
    expect(iso).toMatchObject({
      volid: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      node: 'pve1',
      storage: 'local',
      size: 2133391360,
    });
  });

  it('answers without credentials with 401 JSON, never a redirect', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: UBUNTU_BODY,
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers.location).toBeUndefined();
    expect(res.json()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/authentication required/),
    });
  });
});

describe('the specification error messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const build = (payload: unknown) =>
    h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/vm-builder/build',
      payload: payload as object,
    });

  it('no ISO selected: 400 "Please select an ISO image" naming iso_file', async () => {
    for (const body of [
      { ...UBUNTU_BODY, iso_file: undefined },
      { ...UBUNTU_BODY, iso_file: '' },
    ]) {
      const res = await build(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        ok: false,
        error: 'Please select an ISO image',
        details: { fields: { iso_file: 'Please select an ISO image' } },
      });
    }
  });

  it('ISO not found: 404 "ISO file not found on any node"', async () => {
    const res = await build({ ...UBUNTU_BODY, iso_file: 'local:iso/missing.iso' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      ok: false,
      error: 'ISO file not found on any node',
      details: { job_id: expect.any(String) },
    });
  });

  it('storage full: 507 with the storage details', async () => {
    const res = await build({ ...UBUNTU_BODY, storage: 'small-dir' });
    expect(res.statusCode).toBe(507);
    expect(res.json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('small-dir'),
      details: {
        storage: 'small-dir',
        node: 'pve1',
        avail_bytes: expect.any(Number),
        needed_bytes: expect.any(Number),
      },
    });
  });

  it('each field error names its field', async () => {
    const res = await build({
      ...UBUNTU_BODY,
      cpu_cores: 65,
      memory_mb: 'lots',
      vm_name: '-bad-',
      extra: 1,
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().details.fields as Record<string, string>;
    expect(fields.cpu_cores).toMatch(/cpu_cores must be an integer between 1 and 64/);
    expect(fields.memory_mb).toMatch(/memory_mb/);
    expect(fields.vm_name).toMatch(/vm_name/);
    expect(Object.values(fields).join(' ')).toMatch(/unknown field: extra/);
  });

  it('an unknown cluster_id is a 404 error body naming cluster_id', async () => {
    const res = await build({ ...UBUNTU_BODY, cluster_id: 'elsewhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: 'unknown cluster: elsewhere',
      details: { fields: { cluster_id: expect.any(String) } },
    });
  });
});
