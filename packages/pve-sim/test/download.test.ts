import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { serveFiles } from './file-server.js';
import { builder, call, noDownload, start, taskLog, waitTask } from './helpers.js';

let sim: RunningSimulator;
let files: Awaited<ReturnType<typeof serveFiles>>;
const iso = Buffer.alloc(300_000, 7);
const sha256 = createHash('sha256').update(iso).digest('hex');

beforeAll(async () => {
  sim = await start();
  files = await serveFiles({ 'fedora.iso': iso });
});
afterAll(async () => {
  await sim.close();
  await files.close();
});
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const download = (form: Record<string, string>, storage = 'local', auth = builder) =>
  call(sim, 'POST', `/nodes/pve1/storage/${storage}/download-url`, {
    auth,
    form: { content: 'iso', ...form },
  });

describe('GET /nodes/{node}/query-url-metadata', () => {
  it('reports filename, size and mimetype from a HEAD request', async () => {
    const res = await call(sim, 'GET', '/nodes/pve1/query-url-metadata', {
      auth: builder,
      query: { url: `${files.url}/redirect/fedora.iso` },
    });
    expect(res.body.data).toEqual({
      filename: 'fedora.iso',
      size: iso.length,
      mimetype: 'application/x-iso9660-image',
    });
  });

  it('answers 500 for a non-200 response and 403 without network privileges', async () => {
    const res = await call(sim, 'GET', '/nodes/pve1/query-url-metadata', {
      auth: builder,
      query: { url: `${files.url}/files/nope.iso` },
    });
    expect(res.status).toBe(500);
    expect(res.body.message).toBe("invalid server response: '404 Not Found'\n");
    const denied = await call(sim, 'GET', '/nodes/pve1/query-url-metadata', {
      auth: noDownload,
      query: { url: `${files.url}/files/fedora.iso` },
    });
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe('Permission check failed');
  });
});

describe('POST .../download-url', () => {
  it('fetches the URL, verifies the checksum, logs progress and stores the ISO', async () => {
    const res = await download({
      url: `${files.url}/files/fedora.iso`,
      filename: 'fedora.iso',
      checksum: sha256,
      'checksum-algorithm': 'sha256',
    });
    expect(res.body.data).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:download:fedora\.iso:labforge@pve!builder:$/,
    );
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const log = await taskLog(sim, builder, res.body.data);
    expect(log[0]).toBe(
      `downloading ${files.url}/files/fedora.iso to /var/lib/vz/template/iso/fedora.iso`,
    );
    // wget --progress=dot:giga: a file under 32 MiB has only the padded last row.
    expect(log).toContain(
      `Length: ${iso.length} (293K) [application/x-iso9660-image; charset=binary]`,
    );
    expect(log.some((l) => /^ {5}0K {36}100% +[\d.]+[ KMG]=[\d.]+s$/.test(l))).toBe(true);
    expect(log).toContain('calculating checksum...OK, checksum verified');
    expect(log).toContain(
      `download of '${files.url}/files/fedora.iso' to '/var/lib/vz/template/iso/fedora.iso' finished`,
    );
    const content = (
      await call(sim, 'GET', '/nodes/pve1/storage/local/content', {
        auth: builder,
        query: { content: 'iso' },
      })
    ).body.data;
    expect(
      content.find((v: { volid: string }) => v.volid === 'local:iso/fedora.iso'),
    ).toMatchObject({ size: iso.length, format: 'iso' });
    const again = await download({ url: `${files.url}/files/fedora.iso`, filename: 'fedora.iso' });
    expect((await waitTask(sim, builder, again.body.data)).exitstatus).toBe(
      "refusing to override existing file '/var/lib/vz/template/iso/fedora.iso'",
    );
    const same = await download({
      url: `${files.url}/files/fedora.iso`,
      filename: 'fedora.iso',
      checksum: sha256,
      'checksum-algorithm': 'sha256',
    });
    expect((await waitTask(sim, builder, same.body.data)).exitstatus).toBe('OK');
    expect(await taskLog(sim, builder, same.body.data)).toContain(
      'calculating checksum of existing file...OK, got correct file already, no need to download',
    );
  });

  it('fails the task on checksum mismatch and HTTP errors', async () => {
    const bad = await download({
      url: `${files.url}/files/fedora.iso`,
      filename: 'f.iso',
      checksum: 'a'.repeat(64),
      'checksum-algorithm': 'sha256',
    });
    expect((await waitTask(sim, builder, bad.body.data)).exitstatus).toBe(
      `checksum mismatch: got '${sha256}' != expect '${'a'.repeat(64)}'`,
    );
    const missing = await download({ url: `${files.url}/files/none.iso`, filename: 'none.iso' });
    expect((await waitTask(sim, builder, missing.body.data)).exitstatus).toMatch(
      /^download failed: .*ERROR 404: Not Found\.$/,
    );
    const content = (await call(sim, 'GET', '/nodes/pve1/storage/local/content', { auth: builder }))
      .body.data;
    expect(content.map((v: { volid: string }) => v.volid)).not.toContain('local:iso/f.iso');
  });

  it('refuses block storages, wrong extensions and callers without download privileges', async () => {
    const lvm = await download(
      { url: `${files.url}/files/fedora.iso`, filename: 'fedora.iso' },
      'local-lvm',
    );
    expect(lvm.status).toBe(500);
    expect(lvm.body.message).toBe(
      "can't upload to storage type 'lvmthin', not a file based storage!\n",
    );
    const ext = await download({ url: `${files.url}/files/fedora.iso`, filename: 'fedora.txt' });
    expect(ext.status).toBe(400);
    expect(ext.body.errors).toEqual({ filename: 'wrong file extension' });
    const denied = await download(
      { url: `${files.url}/files/fedora.iso`, filename: 'fedora.iso' },
      'local',
      noDownload,
    );
    expect(denied.status).toBe(403);
    expect(denied.reason).toBe(
      'Permission check failed (/storage/local, Datastore.AllocateTemplate)',
    );
  });
});
