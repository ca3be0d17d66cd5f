import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFileServer, type FileServer } from './support/file-server.js';
import { ctxFor, useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv();
let files: FileServer;
beforeAll(async () => {
  files = await startFileServer();
});
afterAll(async () => {
  await files.close();
});

const journalSeq = () => simEnv().sim.sim.journal.since(0).at(-1)?.seq ?? 0;
const contentReads = (since: number, until = Number.POSITIVE_INFINITY) =>
  simEnv()
    .sim.sim.journal.since(since)
    .filter(
      (c) => c.seq <= until && c.method === 'GET' && /\/storage\/[^/]+\/content$/.test(c.path),
    );

describe('adding an ISO by URL', () => {
  it('checks the link, the name and the room against one reading of the ISO storages', async () => {
    const { engine } = simEnv();
    const scanFrom = journalSeq();
    await engine.listIsos({ refresh: true });
    const oneScan = contentReads(scanFrom).length;
    expect(oneScan).toBeGreaterThan(0);

    const from = journalSeq();
    const out = await engine.jobs['iso-download'].run(
      {
        url: files.url('/virtio-win.iso'),
        filename: 'tools-1.iso',
        storage: 'isos-nfs',
        checksum: files.sha256,
        checksum_algorithm: 'sha256',
      },
      ctxFor('alice'),
    );
    expect(out).toMatchObject({ volid: 'isos-nfs:iso/tools-1.iso', checksum_verified: true });
    // Before download-url goes out: one scan (target, existing name, room), not one per check.
    const post = simEnv()
      .sim.sim.journal.since(from)
      .find((c) => c.method === 'POST' && c.path.endsWith('/download-url'));
    expect(post).toBeDefined();
    expect(contentReads(from, post?.seq)).toHaveLength(oneScan);
  });
});
