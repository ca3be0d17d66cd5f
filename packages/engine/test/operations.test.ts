import {
  buildRequestSchema,
  bulkBuildRequestSchema,
  finaliseTemplateRequestSchema,
} from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { BuilderError, createBuilderEngine, type BuildCheckpoint } from '../src/index.js';
import { clientFor, ctxFor, useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv();

const debian = (input: Record<string, unknown> = {}) =>
  buildRequestSchema.parse({
    vm_name: 'deb',
    iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
    storage: 'local-lvm',
    ...input,
  });

describe('bulk', () => {
  it('builds 20 VMs from a shared ISO with distinct VMIDs, spread by free memory', async () => {
    const ctx = ctxFor();
    const res = await simEnv().engine.jobs.bulk.run(
      bulkBuildRequestSchema.parse({
        os_type: 'rocky',
        iso_file: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
        storage: 'local-lvm',
        memory_mb: 4096,
        count: 20,
        name_pattern: 'lab-{nn}',
      }),
      ctx,
    );
    expect(res.items).toHaveLength(20);
    expect(res.items.every((i) => i.ok)).toBe(true);
    expect(res.items.map((i) => i.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `lab-${String(i + 1).padStart(2, '0')}`),
    );
    const ids = res.items.map((i) => i.vmid);
    expect(new Set(ids).size).toBe(20);
    expect(new Set(res.items.map((i) => i.node)).size).toBeGreaterThan(1);
    const vms = await simEnv().client.request<
      Array<{ vmid: number; name?: string; tags?: string }>
    >('GET', '/cluster/resources', { type: 'vm' });
    expect(vms.filter((v) => v.name?.startsWith('lab-') && v.tags === 'labforge')).toHaveLength(20);
    expect(
      ctx.events.some(
        (e) =>
          e.type === 'step' && e.item === 'lab-07' && e.step === 'create' && e.status === 'done',
      ),
    ).toBe(true);
  });

  it('reports each item: one create fails with PVE’s text, the others are built', async () => {
    const before = await simEnv().client.request<unknown[]>('GET', '/cluster/resources', {
      type: 'vm',
    });
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: { type: 'task-error', message: 'lvcreate failed: insufficient free extents' },
    });
    const res = await simEnv().engine.jobs.bulk.run(
      bulkBuildRequestSchema.parse({
        iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
        count: 4,
        name_pattern: 'mix-{n}',
      }),
      ctxFor(),
    );
    expect(res.items.filter((i) => i.ok)).toHaveLength(3);
    const failed = res.items.filter((i) => !i.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatch(/Creating the VM failed: .*insufficient free extents/);
    const after = await simEnv().client.request<unknown[]>('GET', '/cluster/resources', {
      type: 'vm',
    });
    expect(after.length).toBe(before.length + 3);
  });

  it('reports every item with its own error when none can be placed', async () => {
    const res = await simEnv().engine.jobs.bulk.run(
      bulkBuildRequestSchema.parse({
        iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
        storage: 'local',
        count: 3,
        name_pattern: 'x{n}',
        start_index: 5,
      }),
      ctxFor(),
    );
    expect(res.items.map((i) => [i.index, i.name, i.ok])).toEqual([
      [5, 'x5', false],
      [6, 'x6', false],
      [7, 'x7', false],
    ]);
    expect(res.items[0]?.error).toMatch(/storage 'local' does not support VM images/);
  });
});

describe('finalise a hand-installed VM into a template', () => {
  it('refuses a running VM', async () => {
    const err = await simEnv()
      .engine.jobs.finalise.run(finaliseTemplateRequestSchema.parse({ vmid: 100 }), ctxFor())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuilderError);
    expect((err as BuilderError).message).toMatch(/VM 100 is running: shut it down/);
  });

  it('ejects install media, boots from disk first and converts', async () => {
    const built = await simEnv().engine.jobs.build.run(debian({ vm_name: 'golden' }), ctxFor());
    const res = await simEnv().engine.jobs.finalise.run(
      finaliseTemplateRequestSchema.parse({ vmid: built.vmid }),
      ctxFor(),
    );
    expect(res).toMatchObject({
      vmid: built.vmid,
      node: 'pve2',
      ejected: ['local:iso/debian-12.0.0-amd64-netinst.iso'],
    });
    const cfg = await simEnv().client.request<Record<string, unknown>>(
      'GET',
      `/nodes/pve2/qemu/${built.vmid}/config`,
    );
    expect(cfg.template).toBe(1);
    expect(cfg.ide2).toMatch(/^none,media=cdrom/);
    expect(cfg.boot).toBe('order=scsi0;ide2;net0');
    expect(res.warnings.join(' ')).toMatch(/node-local storage 'local-lvm'/);
    const again = await simEnv()
      .engine.jobs.finalise.run(finaliseTemplateRequestSchema.parse({ vmid: built.vmid }), ctxFor())
      .catch((e: unknown) => e);
    expect((again as BuilderError).status).toBe(409);
  });
});

describe('catalogue, listings and preflight', () => {
  it('lists templates and LabForge-built VMs with what was recorded', async () => {
    const built = await simEnv().engine.jobs.build.run(debian({ vm_name: 'cat-1' }), ctxFor('bob'));
    const cat = await simEnv().engine.catalogue();
    expect(cat.find((v) => v.vmid === 9000)).toMatchObject({
      template: true,
      built_by_labforge: false,
    });
    expect(cat.find((v) => v.vmid === built.vmid)).toMatchObject({
      name: 'cat-1',
      built_by_labforge: true,
      built_by: 'bob',
      iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      os_type: 'ubuntu',
      template: false,
    });
    expect(cat.find((v) => v.vmid === 100)).toBeUndefined();
  });

  it('lists nodes, images storages, bridges and OS types', async () => {
    expect((await simEnv().engine.listNodes()).map((n) => n.node)).toEqual([
      'pve1',
      'pve2',
      'pve3',
    ]);
    const storages = await simEnv().engine.listStorages({ node: 'pve1' });
    expect(storages.map((s) => s.storage)).toEqual(['local-lvm']);
    expect(storages[0]).toMatchObject({ thin: true, active: true, shared: false });
    expect(
      (await simEnv().engine.listStorages({})).every((s) => s.content.includes('images')),
    ).toBe(true);
    expect((await simEnv().engine.listBridges('pve1')).map((b) => b.iface)).toEqual([
      'vmbr0',
      'vmbr1',
    ]);
    expect(simEnv().engine.osTypes().length).toBeGreaterThan(10);
  });

  it('dry-runs without writing anything', async () => {
    await simEnv().nonConforming();
    const before = simEnv().checked();
    const pf = await simEnv().engine.preflight(debian({ os_type: 'debian' }));
    const journal = await simEnv().control.call<Array<{ method: string }>>('GET', '/_sim/requests');
    await simEnv().nonConforming();
    expect(journal.slice(-(simEnv().checked() - before)).every((e) => e.method === 'GET')).toBe(
      true,
    );
    expect(pf.would_succeed).toBe(true);
    expect(pf.placement?.node).toBe('pve2');
    expect(pf.config).toMatchObject({
      node: 'pve2',
      ostype: 'l26',
      ide2: 'local:iso/debian-12.0.0-amd64-netinst.iso,media=cdrom',
    });
    const bad = await simEnv().engine.preflight(debian({ iso_file: 'local:iso/nope.iso' }));
    expect(bad.would_succeed).toBe(false);
    expect(bad.checks).toContainEqual({
      name: 'iso',
      ok: false,
      message: 'ISO file not found on any node',
    });
  });
});

describe('resume after an API restart', () => {
  it('finishes a build from its checkpoint without creating a second VM', async () => {
    const request = debian({ vm_name: 'resumed', convert_to_template: true });
    const first = ctxFor();
    let saved: BuildCheckpoint | undefined;
    // The "API process" dies right after the create task started: its client stops working and
    // we keep its last checkpoint only.
    const dyingClient = clientFor(simEnv().sim);
    const dying = createBuilderEngine(
      { ...simEnv().cluster, client: dyingClient },
      { isoCacheTtlMs: 0 },
    );
    const ctx = { ...first };
    let died!: () => void;
    const death = new Promise<void>((r) => (died = r));
    ctx.emit = (e) => {
      if (e.type !== 'checkpoint' || saved?.step === 'create') return;
      saved = e.checkpoint;
      if (e.checkpoint.step === 'create') {
        void dyingClient.close().catch(() => undefined);
        died();
      }
    };
    // Never awaited: that process is gone; its client refuses every further request.
    void dying.jobs.build.run(request, ctx).catch(() => undefined);
    await death;
    expect(saved?.step).toBe('create');
    const fresh = { ...ctxFor(), jobId: first.jobId };
    const out = await simEnv().engine.jobs.build.reconcile(
      request,
      fresh,
      saved as BuildCheckpoint,
    );
    expect(out.vmid).toBe(saved?.vmid);
    expect(out.template).toBe(true);
    const vms = await simEnv().client.request<Array<{ name?: string }>>(
      'GET',
      '/cluster/resources',
      {
        type: 'vm',
      },
    );
    expect(vms.filter((v) => v.name === 'resumed')).toHaveLength(1);
  });

  it('refuses to adopt a VM another job built', async () => {
    const out = await simEnv().engine.jobs.build.run(debian({ vm_name: 'someone-else' }), ctxFor());
    const err = await simEnv()
      .engine.jobs.build.reconcile(debian({ vm_name: 'someone-else' }), ctxFor(), {
        step: 'create',
        node: out.node,
        vmid: out.vmid,
        placement: out.placement,
      })
      .catch((e: unknown) => e);
    expect((err as BuilderError).status).toBe(409);
  });
});
