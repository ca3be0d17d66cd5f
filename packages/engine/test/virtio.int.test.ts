import { buildRequestSchema } from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshExecutor, type SshExecutor } from '@labforge/pve-client';
import { createBuilderEngine, type ClusterRuntime } from '../src/index.js';
import { startFileServer, type FileServer } from './support/file-server.js';
import { seedWith } from './support/seeds.js';
import {
  classroomCredentials,
  clientFor,
  ctxFor,
  startEnv,
  type SimEnv,
} from './support/sim-env.js';

// No virtio-win ISO anywhere: the builder has to fetch it.
const seed = seedWith((s) => {
  s.files = s.files?.filter((f) => !f.volid.includes('virtio-win'));
});

let env: SimEnv;
let files: FileServer;
beforeAll(async () => {
  files = await startFileServer();
  env = await startEnv({ seed, ssh: true });
});
afterAll(async () => {
  expect(await env.nonConforming()).toEqual([]);
  await env.close();
  await files.close();
});

const win11 = (vm_name: string) =>
  buildRequestSchema.parse({
    vm_name,
    os_type: 'windows11',
    iso_file: 'local:iso/Win11_24H2_English_x64.iso',
    storage: 'local-lvm',
  });

async function configOf(node: string, vmid: number) {
  return env.client.request<Record<string, unknown>>('GET', `/nodes/${node}/qemu/${vmid}/config`);
}

describe('VirtIO drivers for Windows', () => {
  it('downloads virtio-win through the node into shared storage, checks it, and attaches it', async () => {
    await env.control.reset();
    const cluster = {
      ...env.cluster,
      virtio: { url: files.url('/stable/virtio-win.iso'), sha256: files.sha256 },
    };
    const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
    const ctx = ctxFor();
    const out = await engine.jobs.build.run(win11('win-dl'), ctx);
    expect(out.virtio_iso_file).toBe('isos-nfs:iso/virtio-win.iso');
    expect(out.warnings.filter((w) => /virtio/i.test(w))).toEqual([]);
    const cfg = await configOf(out.node, out.vmid);
    expect(cfg.ide0).toMatch(/^isos-nfs:iso\/virtio-win\.iso,media=cdrom/);
    expect(cfg.scsi0).toBeDefined();
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'step', step: 'virtio-drivers', status: 'done' }),
    );
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'step', step: 'attach-virtio', status: 'done' }),
    );
    const progress = ctx.events.filter((e) => e.type === 'progress' && e.step === 'virtio-drivers');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
    // The VM was created while the driver ISO was still downloading, not after it.
    const createdAt = ctx.events.findIndex(
      (e) => e.type === 'step' && e.step === 'create' && e.status === 'running',
    );
    const downloadedAt = ctx.events.findIndex(
      (e) => e.type === 'step' && e.step === 'attach-virtio' && e.status === 'done',
    );
    expect(createdAt).toBeLessThan(downloadedAt);
    const journal = await env.control.call<
      Array<{ method: string; path: string; params: Record<string, unknown> }>
    >('GET', '/_sim/requests');
    const dl = journal.find((e) => e.path.endsWith('/download-url'));
    expect(dl?.params).toMatchObject({
      content: 'iso',
      filename: 'virtio-win.iso',
      checksum: files.sha256,
      'checksum-algorithm': 'sha256',
    });
    // The new ISO is visible at once (cache invalidated), readable by every node.
    const isos = await engine.listIsos({});
    expect(isos.isos.find((i) => i.volid === 'isos-nfs:iso/virtio-win.iso')?.nodes).toEqual([
      'pve1',
      'pve2',
      'pve3',
    ]);
  });

  it('downloads once for concurrent Windows builds', async () => {
    await env.control.reset();
    const cluster = { ...env.cluster, virtio: { url: files.url('/stable/virtio-win.iso') } };
    const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
    const since =
      (await env.control.call<Array<{ seq: number }>>('GET', '/_sim/requests')).at(-1)?.seq ?? 0;
    const outs = await Promise.all([
      engine.jobs.build.run(win11('w-a'), ctxFor()),
      engine.jobs.build.run(win11('w-b'), ctxFor()),
    ]);
    expect(outs.map((o) => o.virtio_iso_file)).toEqual([
      'isos-nfs:iso/virtio-win.iso',
      'isos-nfs:iso/virtio-win.iso',
    ]);
    const journal = await env.control.call<Array<{ path: string }>>(
      'GET',
      `/_sim/requests?since=${since}`,
    );
    expect(journal.filter((e) => e.path.endsWith('/download-url'))).toHaveLength(1);
  });

  it('builds without drivers, on SATA + e1000e, with a warning when the download is refused and no SSH is set', async () => {
    await env.control.reset();
    const cluster = {
      ...env.cluster,
      client: clientFor(env.sim, 'nodownload'),
      virtio: { url: files.url('/virtio-win.iso') },
    };
    const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
    const out = await engine.jobs.build.run(win11('win-nodl'), ctxFor());
    expect(out.virtio_iso_file).toBeUndefined();
    expect(out.warnings.join(' ')).toMatch(
      /download refused by Proxmox .*Permission check failed.*no SSH access/,
    );
    const cfg = await configOf(out.node, out.vmid);
    expect(cfg).not.toHaveProperty('ide0');
    expect(cfg.sata0).toMatch(/size=64G/);
    expect(cfg.net0).toMatch(/^e1000e=/);
  });

  it('keeps the VM and warns when the download task fails', async () => {
    await env.control.reset();
    const cluster = { ...env.cluster, virtio: { url: files.url('/gone/virtio-win.iso') } };
    const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
    const ctx = ctxFor();
    const out = await engine.jobs.build.run(win11('win-404'), ctx);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'log', step: 'virtio-drivers' }),
    );
    expect(out.virtio_iso_file).toBeUndefined();
    expect(out.warnings.join(' ')).toMatch(
      /VirtIO driver ISO download failed: .*attach a virtio-win ISO as ide0/,
    );
    const cfg = await configOf(out.node, out.vmid);
    expect(cfg).not.toHaveProperty('ide0');
    expect(cfg.ide2).toMatch(/Win11/);
  });

  describe('over SSH when download-url is refused', () => {
    // One executor per node, owned (and closed) here, as the API does.
    const executors = new Map<string, SshExecutor>();
    afterAll(async () => {
      for (const e of executors.values()) await e.close();
    });
    const sshFor = (): ClusterRuntime['ssh'] => (node) => {
      let exec = executors.get(node);
      if (!exec) {
        exec = createSshExecutor({
          host: '127.0.0.1',
          port: env.sim.ssh?.nodes?.[node] ?? env.sim.ssh?.port ?? 0,
          username: 'root',
          password: classroomCredentials.root.password,
          hostKeyFingerprint: env.sim.ssh?.hostKeyFingerprint ?? '',
        });
        executors.set(node, exec);
      }
      return exec;
    };

    it('fetches with wget into the ISO directory, checks sha256 and attaches it', async () => {
      await env.control.reset();
      const cluster: ClusterRuntime = {
        ...env.cluster,
        client: clientFor(env.sim, 'nodownload'),
        virtio: { url: files.url('/virtio-win.iso'), sha256: files.sha256 },
        ssh: sshFor(),
      };
      const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
      const ctx = ctxFor();
      const out = await engine.jobs.build.run(win11('win-ssh'), ctx);
      expect(out.virtio_iso_file).toBe('isos-nfs:iso/virtio-win.iso');
      expect(out.warnings.filter((w) => /virtio/i.test(w))).toEqual([]);
      const cfg = await configOf(out.node, out.vmid);
      expect(cfg.ide0).toMatch(/^isos-nfs:iso\/virtio-win\.iso,media=cdrom/);
      expect(ctx.events).toContainEqual(
        expect.objectContaining({ type: 'log', line: expect.stringMatching(/fetching over SSH/) }),
      );
      const content = await env.client.request<Array<{ volid: string; size: number }>>(
        'GET',
        '/nodes/pve1/storage/isos-nfs/content',
        { content: 'iso' },
      );
      expect(content.find((c) => c.volid === 'isos-nfs:iso/virtio-win.iso')?.size).toBe(256 * 1024);
    });

    it('builds without drivers and warns when the SSH fetch fails its checksum', async () => {
      await env.control.reset();
      const cluster: ClusterRuntime = {
        ...env.cluster,
        client: clientFor(env.sim, 'nodownload'),
        virtio: { url: files.url('/virtio-win.iso'), sha256: '0'.repeat(64) },
        ssh: sshFor(),
      };
      const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
      const out = await engine.jobs.build.run(win11('win-ssh-bad'), ctxFor());
      expect(out.virtio_iso_file).toBeUndefined();
      expect(out.warnings.join(' ')).toMatch(/SSH fallback failed \(checksum mismatch/);
      const content = await env.client.request<Array<{ volid: string }>>(
        'GET',
        '/nodes/pve1/storage/isos-nfs/content',
        { content: 'iso' },
      );
      expect(content.some((c) => c.volid.includes('virtio-win'))).toBe(false);
    });
  });
});
