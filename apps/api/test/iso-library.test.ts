import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IsoLibraryResponse } from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testSeed, type Caller, type Harness } from './helpers/harness.js';

const MiB = 1024 * 1024;
const BODY = Buffer.alloc(3 * MiB, 5);
const SHA256 = createHash('sha256').update(BODY).digest('hex');

/** The test seed, with template 9000 holding an ISO and the builder allowed to delete files. */
function librarySeed() {
  const seed = testSeed();
  const accounts = ['labforge@pve', 'labforge@pve!builder'];
  return {
    ...seed,
    vms: seed.vms?.map((vm) =>
      vm.vmid === 9000
        ? {
            ...vm,
            config: { ...vm.config, ide2: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso,media=cdrom' },
          }
        : vm,
    ),
    roles: { ...seed.roles, LabForgeIsoAdmin: ['Datastore.Allocate'] },
    acl: [
      ...(seed.acl ?? []),
      ...accounts.map((ugid) => ({ path: '/storage', role: 'LabForgeIsoAdmin', ugid })),
    ],
  } as ReturnType<typeof testSeed>;
}

let h: Harness;
let mirror: Server;
let mirrorUrl: string;

beforeAll(async () => {
  h = await startHarness({ seed: librarySeed() });
  // GET /ok.iso: the body at once; GET /slow.iso: 64 MiB, one MiB every 50 ms.
  mirror = createServer((req, res) => {
    if (req.url === '/ok.iso' || req.url === '/other.iso') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': BODY.length,
      });
      return void res.end(BODY);
    }
    if (req.url === '/slow.iso') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': 64 * MiB,
      });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ >= 64) return void (clearInterval(timer), res.end());
        res.write(Buffer.alloc(MiB, 1));
      }, 50);
      return void res.on('close', () => clearInterval(timer));
    }
    res.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  mirror.closeAllConnections();
  await new Promise((r) => mirror.close(r));
  await h.close();
});

const library = async (who: Caller = h.callers.teacher) => {
  const res = await h.call(who, { method: 'GET', url: '/api/iso-library' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as IsoLibraryResponse;
};
const findIso = async (volid: string) => (await library()).isos.find((i) => i.volid === volid);

function multipart(fields: Record<string, string>, file: Buffer, fileName = 'upload.iso') {
  const boundary = '----labforgetest';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const head = Buffer.from(
    `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (who: Caller, fields: Record<string, string>, file = BODY) => {
  const body = multipart({ size: String(file.length), ...fields }, file);
  return h.call(who, { method: 'POST', url: '/api/iso-library/upload', ...body });
};

describe('the ISO library', () => {
  it('lists every ISO with the VMs and templates using it, the targets and virtio per node', async () => {
    const lib = await library();
    const rocky = lib.isos.find((i) => i.volid === 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso');
    expect(rocky?.used_by).toEqual([
      expect.objectContaining({ vmid: 9000, template: true, drive: 'ide2' }),
    ]);
    expect(rocky?.removable).toBe(false);
    expect(lib.isos.find((i) => i.name === 'virtio-win.iso')?.virtio).toBe(true);
    // Shared storage first, then each node's local storage; the thin pool is no ISO target.
    expect(lib.targets[0]).toMatchObject({
      storage: 'isos-nfs',
      shared: true,
      nodes: ['pve1', 'pve2', 'pve3'],
    });
    expect(lib.targets.map((t) => t.storage)).not.toContain('local-lvm');
    expect(lib.targets.every((t) => t.upload_problem === undefined)).toBe(true);
    expect(lib.virtio.nodes).toEqual(
      ['pve1', 'pve2', 'pve3'].map((node) => ({
        node,
        volid: 'isos-nfs:iso/virtio-win.iso',
        version: 'unversioned file name',
      })),
    );
    expect(lib.access).toMatchObject({ add_policy: 'teachers', may_add: true });
  });

  it('downloads by URL with a SHA-256: progress in bytes, provenance, in the build form at once', async () => {
    const start = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/iso-library/download',
      payload: {
        url: `${mirrorUrl}/ok.iso`,
        filename: 'fresh-linux.iso',
        checksum: SHA256,
        async: true,
      },
    });
    expect(start.statusCode, start.body).toBe(202);
    const { job_id } = start.json() as { job_id: string };
    const settled = await h.ctx.runner.wait(job_id);
    expect(settled.job.status, JSON.stringify(settled.job.error)).toBe('succeeded');
    expect(settled.job.result).toMatchObject({
      volid: 'isos-nfs:iso/fresh-linux.iso',
      shared: true,
      size: BODY.length,
      checksum_verified: true,
      checksum_algorithm: 'sha256',
    });
    expect(settled.job.steps.map((s) => [s.name, s.status])).toEqual([
      ['inspect-url', 'done'],
      ['download-iso', 'done'],
    ]);
    const events = h.ctx.jobs.eventsAfter(job_id, 0);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ bytes: BODY.length, total: BODY.length, fraction: 1 });
    const iso = await findIso('isos-nfs:iso/fresh-linux.iso');
    expect(iso).toMatchObject({
      added_by: 'teacher',
      removable: true,
      checksum: { algorithm: 'sha256', value: SHA256 },
    });
    const isos = await h.call(h.callers.teacher, { method: 'GET', url: '/api/vm-builder/isos' });
    expect((isos.json() as { isos: Array<{ volid: string }> }).isos.map((i) => i.volid)).toContain(
      'isos-nfs:iso/fresh-linux.iso',
    );
  });

  it('refuses a name that exists with the existing file, before Proxmox would replace it', async () => {
    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/iso-library/download',
      payload: { url: `${mirrorUrl}/other.iso`, filename: 'Rocky-9.4-x86_64-minimal.iso' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatch(
      /An ISO named Rocky-9.4-x86_64-minimal.iso already exists on shared storage isos-nfs/,
    );
  });

  it('warns when a download has no checksum; a wrong checksum leaves no file', async () => {
    const plain = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/iso-library/download',
      payload: {
        url: `${mirrorUrl}/other.iso`,
        filename: 'unchecked.iso',
        storage: 'local',
        node: 'pve2',
      },
    });
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.json()).toMatchObject({
      volid: 'local:iso/unchecked.iso',
      node: 'pve2',
      checksum_verified: false,
    });
    expect(plain.json().warnings.join(' ')).toMatch(/No checksum was given/);

    const bad = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/iso-library/download',
      payload: { url: `${mirrorUrl}/ok.iso`, filename: 'tampered.iso', checksum: 'ab'.repeat(32) },
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().error).toMatch(/checksum/);
    expect(await findIso('isos-nfs:iso/tampered.iso')).toBeUndefined();
  });

  it('cancels a download: the task stops and no partial file is left', async () => {
    const start = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/iso-library/download',
      payload: { url: `${mirrorUrl}/slow.iso`, filename: 'slow.iso', async: true },
    });
    const { job_id } = start.json() as { job_id: string };
    for (let i = 0; i < 200; i++) {
      const events = h.ctx.jobs.eventsAfter(job_id, 0);
      if (events.some((e) => e.type === 'progress' && (e.bytes ?? 0) > 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancel = await h.call(h.callers.teacher, {
      method: 'POST',
      url: `/api/vm-builder/jobs/${job_id}/cancel`,
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const settled = await h.ctx.runner.wait(job_id);
    expect(settled.job.status).toBe('cancelled');
    // The teacher reads what was cancelled in the step's words, not "build" or a step name.
    expect(settled.job.error?.message).toMatch(/^Cancelled during "Download the ISO"/);
    expect(await findIso('isos-nfs:iso/slow.iso')).toBeUndefined();
  });

  it('uploads from the browser (multipart, streamed), refusing bad names and wrong checksums', async () => {
    const ok = await upload(h.callers.teacher, {
      filename: 'class-tools.iso',
      storage: 'isos-nfs',
      checksum: SHA256,
      checksum_algorithm: 'sha256',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      volid: 'isos-nfs:iso/class-tools.iso',
      size: BODY.length,
      checksum_verified: true,
    });
    expect(await findIso('isos-nfs:iso/class-tools.iso')).toMatchObject({
      added_by: 'teacher',
      size: BODY.length,
    });

    const again = await upload(h.callers.teacher, {
      filename: 'class-tools.iso',
      storage: 'isos-nfs',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().details.existing).toMatchObject({
      volid: 'isos-nfs:iso/class-tools.iso',
      size: BODY.length,
    });

    const name = await upload(h.callers.teacher, { filename: 'my tools.iso', storage: 'isos-nfs' });
    expect(name.statusCode).toBe(400);
    expect(name.json().error).toMatch(/would store this file as my_tools.iso/);
    const ext = await upload(h.callers.teacher, { filename: 'notes.txt', storage: 'isos-nfs' });
    expect(ext.statusCode).toBe(400);

    const wrong = await upload(h.callers.teacher, {
      filename: 'broken.iso',
      storage: 'isos-nfs',
      checksum: '00'.repeat(32),
    });
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json().error).toMatch(/checksum does not match/);
    expect(await findIso('isos-nfs:iso/broken.iso')).toBeUndefined();
  });

  it('refuses to remove an ISO a template uses, naming it; lets its uploader remove their own', async () => {
    const used = await h.call(h.callers.admin, {
      method: 'DELETE',
      url: '/api/iso-library/isos/isos-nfs/Rocky-9.4-x86_64-minimal.iso',
    });
    expect(used.statusCode, used.body).toBe(409);
    expect(used.json().error).toMatch(/still used by template 9000 \(ubuntu-2204-template\)/);
    expect(await findIso('isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso')).toBeDefined();

    const notTheirs = await h.call(h.callers.teacher, {
      method: 'DELETE',
      url: '/api/iso-library/isos/pve1-nothing/ubuntu-22.04-live-server-amd64.iso',
    });
    expect(notTheirs.statusCode).toBe(404);
    const seedIso = await h.call(h.callers.teacher, {
      method: 'DELETE',
      url: '/api/iso-library/isos/local/ubuntu-22.04-live-server-amd64.iso?node=pve1',
    });
    expect(seedIso.statusCode).toBe(403);
    // The refusal is audited once, naming the ISO; an ISO that was not found is not.
    const refusals = h.ctx.audit
      .list(1, 500)
      .entries.filter((e) => e.action === 'iso-remove' && e.outcome === 'error');
    expect(refusals.map((e) => e.target)).toEqual([
      'classroom/local:iso/ubuntu-22.04-live-server-amd64.iso',
      'classroom/isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
    ]);

    const own = await h.call(h.callers.teacher, {
      method: 'DELETE',
      url: '/api/iso-library/isos/isos-nfs/fresh-linux.iso',
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(await findIso('isos-nfs:iso/fresh-linux.iso')).toBeUndefined();
  });

  it('pins the virtio-win ISO; the library and builds then use exactly that file', async () => {
    const pin = await h.call(h.callers.admin, {
      method: 'PUT',
      url: '/api/iso-library/virtio',
      payload: { url: `${mirrorUrl}/virtio-win-0.1.266.iso`, sha256: SHA256 },
    });
    expect(pin.statusCode, pin.body).toBe(200);
    expect(pin.json().filename).toBe('virtio-win-0.1.266.iso');
    const lib = await library();
    expect(lib.virtio.pinned).toBe(true);
    expect(lib.virtio.nodes.every((n) => n.volid === undefined)).toBe(true);
    const teacher = await h.call(h.callers.teacher, {
      method: 'PUT',
      url: '/api/iso-library/virtio',
      payload: { url: `${mirrorUrl}/x.iso`, sha256: SHA256 },
    });
    expect(teacher.statusCode).toBe(403);
    const teacherUnpin = await h.call(h.callers.teacher, {
      method: 'DELETE',
      url: '/api/iso-library/virtio',
    });
    expect(teacherUnpin.statusCode).toBe(403);
    // Unpinned, builds go back to the configured source and the existing file counts again.
    const unpin = await h.call(h.callers.admin, {
      method: 'DELETE',
      url: '/api/iso-library/virtio',
    });
    expect(unpin.statusCode, unpin.body).toBe(200);
    expect(unpin.json().pin).toBeNull();
    const after = await library();
    expect(after.virtio.pinned).toBe(false);
    expect(after.virtio.nodes.some((n) => n.volid === 'isos-nfs:iso/virtio-win.iso')).toBe(true);
  });

  it('students cannot see the library; an admins-only cluster refuses teachers', async () => {
    const student = await h.call(h.callers.student, { method: 'GET', url: '/api/iso-library' });
    expect(student.statusCode).toBe(403);
    const cluster = h.ctx.config.clusters[0]!;
    cluster.iso_library.add = 'admins';
    try {
      const res = await upload(h.callers.teacher, { filename: 'x.iso', storage: 'isos-nfs' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatch(/only administrators may add ISOs/);
      expect((await library()).access).toMatchObject({ may_add: false, add_policy: 'admins' });
    } finally {
      cluster.iso_library.add = 'teachers';
    }
  });
});
