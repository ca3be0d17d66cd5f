import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { builder, call, login, noDownload, start, taskLog, waitTask } from './helpers.js';
import { type Part, multipartBody, postUpload } from './multipart.js';

let sim: RunningSimulator;
const iso = Buffer.alloc(200_000, 3);
const sha256 = createHash('sha256').update(iso).digest('hex');
const UPLOAD = '/nodes/pve1/storage/local/upload';

beforeAll(async () => {
  sim = await start();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const file = (filename = 'alpine.iso', data = iso): Part => ({ name: 'filename', filename, data });
const upload = async (parts: Part[], path = UPLOAD, auth = builder) => {
  const res = await postUpload(sim, path, multipartBody(parts), auth);
  if (res === 'dropped') throw new Error('connection dropped');
  return res;
};
const isoNames = async (storage = 'local'): Promise<string[]> =>
  (
    await call(sim, 'GET', `/nodes/pve1/storage/${storage}/content`, {
      auth: builder,
      query: { content: 'iso' },
    })
  ).body.data.map((v: { volid: string }) => v.volid);

describe('POST /nodes/{node}/storage/{storage}/upload', () => {
  it('stores the file in an imgcopy task after verifying its checksum', async () => {
    const res = await upload([
      { name: 'content', value: 'iso' },
      { name: 'checksum-algorithm', value: 'sha256' },
      { name: 'checksum', value: sha256.toUpperCase() },
      file('my alpine.iso'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:imgcopy::labforge@pve!builder:$/,
    );
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const log = await taskLog(sim, builder, res.body.data);
    const tmp = /^starting file import from: (\/var\/tmp\/pveupload-[0-9a-f]+)$/.exec(
      log[0] ?? '',
    )?.[1];
    expect(tmp).toBeDefined();
    // The name is normalised: the space becomes '_'.
    expect(log).toEqual([
      `starting file import from: ${tmp}`,
      'calculating checksum...OK, checksum verified',
      'target node: pve1',
      'target file: /var/lib/vz/template/iso/my_alpine.iso',
      `file size is: ${iso.length}`,
      `command: cp -- ${tmp} /var/lib/vz/template/iso/my_alpine.iso`,
      'finished file import successfully',
      'TASK OK',
    ]);
    const content = (await call(sim, 'GET', '/nodes/pve1/storage/local/content', { auth: builder }))
      .body.data;
    expect(
      content.find((v: { volid: string }) => v.volid === 'local:iso/my_alpine.iso'),
    ).toMatchObject({
      size: iso.length,
      format: 'iso',
      content: 'iso',
    });
  });

  it('leaves no file when the checksum does not match', async () => {
    const res = await upload([
      { name: 'content', value: 'iso' },
      { name: 'checksum-algorithm', value: 'sha512' },
      { name: 'checksum', value: 'ab'.repeat(64) },
      file(),
    ]);
    const st = await waitTask(sim, builder, res.body.data);
    const got = createHash('sha512').update(iso).digest('hex');
    expect(st.exitstatus).toBe(`checksum mismatch: got '${got}' != expect '${'ab'.repeat(64)}'`);
    expect((await taskLog(sim, builder, res.body.data)).slice(-2)).toEqual([
      'calculating checksum...',
      `TASK ERROR: checksum mismatch: got '${got}' != expect '${'ab'.repeat(64)}'`,
    ]);
    expect(await isoNames()).not.toContain('local:iso/alpine.iso');
  });

  it('overwrites an existing file of the same name, as PVE does', async () => {
    const name = 'ubuntu-22.04-live-server-amd64.iso';
    const res = await upload([{ name: 'content', value: 'iso' }, file(name)]);
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
    const content = (await call(sim, 'GET', '/nodes/pve1/storage/local/content', { auth: builder }))
      .body.data;
    expect(content.find((v: { volid: string }) => v.volid === `local:iso/${name}`).size).toBe(
      iso.length,
    );
  });

  it("refuses wrong content types, extensions and storages with PVE's messages", async () => {
    const images = await upload([{ name: 'content', value: 'images' }, file()]);
    expect(images.status).toBe(400);
    expect(images.body.errors.content).toMatch(
      /^value 'images' does not have a value in the enumeration/,
    );
    const vztmpl = await upload(
      [{ name: 'content', value: 'vztmpl' }, file('debian.tar.zst')],
      '/nodes/pve1/storage/isos-nfs/upload',
    );
    expect([vztmpl.status, vztmpl.body.message]).toEqual([
      500,
      "storage 'isos-nfs' does not support 'vztmpl' content\n",
    ]);
    const ext = await upload([{ name: 'content', value: 'iso' }, file('alpine.qcow2')]);
    expect([ext.status, ext.body.errors]).toEqual([400, { filename: 'wrong file extension' }]);
    const root = await login(sim);
    const block = await upload(
      [{ name: 'content', value: 'iso' }, file()],
      '/nodes/pve1/storage/local-lvm/upload',
      root,
    );
    expect([block.status, block.body.message]).toEqual([
      500,
      "can't upload to storage type 'lvmthin'\n",
    ]);
  });

  it('needs Datastore.AllocateTemplate before the body is read, and no CSRF token', async () => {
    const denied = await upload([{ name: 'content', value: 'iso' }, file()], UPLOAD, noDownload);
    expect([denied.status, denied.reason]).toEqual([
      403,
      'Permission check failed (/storage/local, Datastore.AllocateTemplate)',
    ]);
    const ticket = await login(sim, 'labforge@pve', 'labforge-sim-pass');
    const res = await upload([{ name: 'content', value: 'iso' }, file()], UPLOAD, {
      ticket: ticket.ticket,
    });
    expect(res.status).toBe(200);
  });

  it('accepts only the field order pveproxy parses', async () => {
    const late = await upload([
      { name: 'checksum-algorithm', value: 'sha256' },
      { name: 'checksum', value: sha256 },
      { name: 'content', value: 'iso' },
      file(),
    ]);
    expect(late.status).toBe(500);
    expect(late.body.message).toMatch(
      /^wrong Content-Disposition .* in multipart, expected 'form-data'\n$/,
    );
    const named = await upload([
      { name: 'content', value: 'iso' },
      { name: 'file', filename: 'a.iso', data: iso },
    ]);
    expect(named.body.message).toBe(
      "wrong field name 'file' for file upload, expected 'filename'\n",
    );
    const stray = await upload([
      { name: 'content', value: 'iso' },
      { name: 'node', value: 'pve1' },
      file(),
    ]);
    expect(stray.body.message).toMatch(/^wrong field name 'node.*expected 'filename'\n$/);
    const after = await upload([
      { name: 'content', value: 'iso' },
      file(),
      { name: 'checksum', value: 'x' },
    ]);
    expect(after.status).toBe(500);
    const noFile = await upload([{ name: 'content', value: 'iso' }]);
    expect([noFile.status, noFile.body.message]).toEqual([500, 'upload failed\n']);
    expect(await isoNames()).not.toContain('local:iso/a.iso');
  });

  it('answers nothing for a body that is not multipart/form-data', async () => {
    const res = await postUpload(
      sim,
      UPLOAD,
      Buffer.from('content=iso&filename=a.iso'),
      builder,
      'application/x-www-form-urlencoded',
    );
    expect(res).toBe('dropped');
  });

  it('fails the copy when the storage is full and leaves no file', async () => {
    await call(sim, 'POST', '/_sim/storages/local', {
      json: { node: 'pve1', used: 100, total: 1000 },
    });
    const res = await upload([{ name: 'content', value: 'iso' }, file()]);
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe(
      "import failed: cp: error writing '/var/lib/vz/template/iso/alpine.iso': No space left on device",
    );
    expect(await isoNames()).not.toContain('local:iso/alpine.iso');
  });
});
