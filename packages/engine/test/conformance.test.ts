import {
  buildRequestSchema,
  bulkBuildRequestSchema,
  finaliseTemplateRequestSchema,
} from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilderEngine } from '../src/index.js';
import { officialApi, violations, type JournalEntry } from './support/conformance.js';
import { startFileServer, type FileServer } from './support/file-server.js';
import { seedWith } from './support/seeds.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

/**
 * Every request the engine sends, checked against the official PVE 9.1 schema
 * (../shared/pve-api/apidata.json). The other engine suites run the same check on their own
 * journals in afterAll; this one drives every operation once and fails loudly.
 */
const api = officialApi();

describe.skipIf(!api)('engine requests conform to the official PVE API schema', () => {
  let env: SimEnv;
  let files: FileServer;
  beforeAll(async () => {
    files = await startFileServer();
    env = await startEnv({
      seed: seedWith((s) => void (s.files = s.files?.filter((f) => !f.volid.includes('virtio')))),
    });
  });
  afterAll(async () => {
    await env.close();
    await files.close();
  });

  it('sends only requests real Proxmox VE would accept', async () => {
    const engine = createBuilderEngine(
      { ...env.cluster, virtio: { url: files.url('/virtio-win.iso'), sha256: files.sha256 } },
      { isoCacheTtlMs: 0 },
    );
    await engine.listIsos({ refresh: true });
    await engine.listIsos({ node: 'pve2' });
    await engine.listStorages({});
    await engine.listStorages({ node: 'pve1' });
    await engine.listBridges('pve1');
    await engine.listNodes();
    await engine.listPools();
    const linux = buildRequestSchema.parse({
      vm_name: 'conf-linux',
      iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      cpu_type: 'host',
      cpu_flags: ['+aes'],
      cpu_limit: 2,
      numa: true,
      vga: 'qxl',
      onboot: true,
      bios_type: 'ovmf',
      storage: 'local-lvm',
    });
    await engine.preflight(linux);
    const built = await engine.jobs.build.run(linux, ctxFor());
    await engine.jobs.finalise.run(
      finaliseTemplateRequestSchema.parse({ vmid: built.vmid }),
      ctxFor(),
    );
    await engine.jobs.build.run(
      buildRequestSchema.parse({
        vm_name: 'conf-win',
        os_type: 'windows11',
        iso_file: 'local:iso/Win11_24H2_English_x64.iso',
        convert_to_template: true,
      }),
      ctxFor(),
    );
    await engine.jobs.bulk.run(
      bulkBuildRequestSchema.parse({
        iso_file: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
        count: 3,
        name_pattern: 'c-{n}',
      }),
      ctxFor(),
    );
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/template',
      count: 1,
      effect: { type: 'task-error', message: 'boom' },
    });
    await engine.jobs.build
      .run(
        buildRequestSchema.parse({ ...linux, vm_name: 'conf-fail', convert_to_template: true }),
        ctxFor(),
      )
      .catch(() => undefined);
    await engine.catalogue();

    const journal = await env.control.call<JournalEntry[]>('GET', '/_sim/requests');
    const paths = new Set(
      journal.map(
        (e) =>
          `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/g, '/{vmid}').replace(/UPID:[^/]+/, '{upid}')}`,
      ),
    );
    expect(journal.length).toBeGreaterThan(50);
    expect([...paths]).toEqual(
      expect.arrayContaining([
        'POST /nodes/pve1/qemu',
        'PUT /nodes/pve1/qemu/{vmid}/config',
        'POST /nodes/pve1/qemu/{vmid}/template',
        'DELETE /nodes/pve1/qemu/{vmid}',
        'GET /cluster/nextid',
      ]),
    );
    expect(journal.some((e) => e.path.endsWith('/download-url'))).toBe(true);
    expect(violations(journal)).toEqual([]);
  });

  it('would catch a request real PVE refuses (the check is not vacuous)', () => {
    const bad: JournalEntry = {
      seq: 1,
      method: 'POST',
      path: '/nodes/pve1/qemu',
      params: { vmid: '100', net0: 'virtio,bridge=vmbr0,tag=99,firewall=1,evil=1' },
      encoding: 'form',
      status: 200,
    };
    expect(violations([bad])).toHaveLength(1);
  });
});
