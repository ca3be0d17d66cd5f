import {
  buildRequestSchema,
  bulkBuildRequestSchema,
  finaliseTemplateRequestSchema,
} from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuilderError, createBuilderEngine } from '../src/index.js';
import { ctxFor, startEnv, useSimEnv, type SimEnv } from './support/sim-env.js';

const simEnv = useSimEnv();

const bulk = (input: Record<string, unknown>) =>
  bulkBuildRequestSchema.parse({
    iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
    storage: 'local-lvm',
    ...input,
  });

interface VmRow {
  vmid: number;
  name?: string;
  template?: number;
}
const vmsNamed = async (prefix: string) =>
  (await simEnv().client.request<VmRow[]>('GET', '/cluster/resources', { type: 'vm' })).filter(
    (v) => v.name?.startsWith(prefix),
  );

/** Items whose `create` step the reconciled run finished: which items it built afresh. */
function createdItems(events: ReturnType<typeof ctxFor>['events']): string[] {
  const items = events
    .filter(
      (e) =>
        e.type === 'step' && e.item !== undefined && e.step === 'create' && e.status === 'done',
    )
    .map((e) => (e.type === 'step' ? (e.item ?? '') : ''));
  return [...new Set(items)].sort();
}

describe('bulk reconcile after an API restart', () => {
  it('keeps the VMs this job already created and builds only the missing items', async () => {
    const first = ctxFor();
    // The first process built two of the four items before it died.
    const early = await simEnv().engine.jobs.bulk.run(
      bulk({ count: 2, name_pattern: 'rb-{n}' }),
      first,
    );
    expect(early.items.every((i) => i.ok)).toBe(true);
    const again = { ...ctxFor(), jobId: first.jobId };
    const res = await simEnv().engine.jobs.bulk.reconcile(
      bulk({ count: 4, name_pattern: 'rb-{n}' }),
      again,
    );

    expect(res.items.map((i) => [i.index, i.name, i.ok])).toEqual([
      [1, 'rb-1', true],
      [2, 'rb-2', true],
      [3, 'rb-3', true],
      [4, 'rb-4', true],
    ]);
    expect(res.items.slice(0, 2).map((i) => i.vmid)).toEqual(early.items.map((i) => i.vmid));
    expect(createdItems(again.events)).toEqual(['rb-3', 'rb-4']);
    const vms = await vmsNamed('rb-');
    expect(vms).toHaveLength(4);
    expect(new Set(vms.map((v) => v.name)).size).toBe(4);
    expect(new Set(vms.map((v) => v.vmid)).size).toBe(4);
    expect(new Set(res.items.map((i) => i.vmid))).toEqual(new Set(vms.map((v) => v.vmid)));
  });

  it('builds nothing again when every item exists; converts the ones not yet templates', async () => {
    const first = ctxFor();
    await simEnv().engine.jobs.bulk.run(bulk({ count: 2, name_pattern: 'tpl-{n}' }), first);
    const again = { ...ctxFor(), jobId: first.jobId };
    const res = await simEnv().engine.jobs.bulk.reconcile(
      bulk({ count: 2, name_pattern: 'tpl-{n}', convert_to_template: true }),
      again,
    );
    expect(res.items.every((i) => i.ok)).toBe(true);
    expect(createdItems(again.events)).toEqual([]);
    const vms = await vmsNamed('tpl-');
    expect(vms.map((v) => v.template)).toEqual([1, 1]);
  });

  it('leaves a same-named VM of another job alone and builds this job’s item', async () => {
    const other = await simEnv().engine.jobs.bulk.run(
      bulk({ count: 1, name_pattern: 'own-{n}' }),
      ctxFor(),
    );
    const mine = ctxFor();
    const res = await simEnv().engine.jobs.bulk.reconcile(
      bulk({ count: 1, name_pattern: 'own-{n}' }),
      mine,
    );
    expect(res.items[0]).toMatchObject({ ok: true, name: 'own-1' });
    expect(res.items[0]?.vmid).not.toBe(other.items[0]?.vmid);
    expect(createdItems(mine.events)).toEqual(['own-1']);
    expect(await vmsNamed('own-')).toHaveLength(2);
  });
});

describe('bulk reconcile while a create is still in flight', () => {
  let slow: SimEnv;
  beforeAll(async () => {
    // Real-time tasks: a create stays `lock: create` long enough to be seen.
    slow = await startEnv({ taskSpeed: 2, deps: { reconcile: { pollMs: 20 } } });
  });
  afterAll(async () => {
    await slow.close();
  });
  const creating = async () => {
    for (;;) {
      const vms = await slow.client.request<Array<{ lock?: string }>>('GET', '/cluster/resources', {
        type: 'vm',
      });
      if (vms.some((v) => v.lock === 'create')) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const named = async (prefix: string) =>
    (await slow.client.request<VmRow[]>('GET', '/cluster/resources', { type: 'vm' })).filter((v) =>
      v.name?.startsWith(prefix),
    );

  it('waits for the create to end and recognises the VM: no second create', async () => {
    const first = ctxFor();
    const original = slow.engine.jobs.bulk.run(bulk({ count: 1, name_pattern: 'slow-{n}' }), first);
    await creating();
    const again = { ...ctxFor(), jobId: first.jobId };
    const res = await slow.engine.jobs.bulk.reconcile(
      bulk({ count: 1, name_pattern: 'slow-{n}' }),
      again,
    );
    const done = await original;
    expect(res.items[0]).toMatchObject({ ok: true, name: 'slow-1', vmid: done.items[0]?.vmid });
    expect(createdItems(again.events)).toEqual([]);
    expect(await named('slow-')).toHaveLength(1);
  });

  it('does not build an item again while a create it cannot attribute is still running', async () => {
    const impatient = createBuilderEngine(slow.cluster, { reconcile: { createWaitMs: 0 } });
    const first = ctxFor();
    const original = slow.engine.jobs.bulk.run(bulk({ count: 1, name_pattern: 'busy-{n}' }), first);
    await creating();
    const res = await impatient.jobs.bulk.reconcile(bulk({ count: 1, name_pattern: 'busy-{n}' }), {
      ...ctxFor(),
      jobId: first.jobId,
    });
    await original;
    expect(res.items[0]).toMatchObject({ ok: false, name: 'busy-1' });
    expect(res.items[0]?.error).toMatch(/still being created .* not built again/);
    expect(await named('busy-')).toHaveLength(1);
  });
});

describe('finalise reconcile after an API restart', () => {
  const debian = (name: string, template = false) =>
    buildRequestSchema.parse({
      vm_name: name,
      iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      storage: 'local-lvm',
      convert_to_template: template,
    });

  it('reports success for a VM that already is a template, with a warning', async () => {
    const built = await simEnv().engine.jobs.build.run(debian('fin-done', true), ctxFor());
    const res = await simEnv().engine.jobs.finalise.reconcile(
      finaliseTemplateRequestSchema.parse({ vmid: built.vmid }),
      ctxFor(),
    );
    expect(res).toMatchObject({ vmid: built.vmid, node: built.node, ejected: [] });
    expect(res.warnings.join(' ')).toMatch(/reconciled after an API restart/);
  });

  it('finalises a stopped VM that is not a template yet', async () => {
    const built = await simEnv().engine.jobs.build.run(debian('fin-todo'), ctxFor());
    const res = await simEnv().engine.jobs.finalise.reconcile(
      finaliseTemplateRequestSchema.parse({ vmid: built.vmid }),
      ctxFor(),
    );
    expect(res.ejected).toEqual(['local:iso/debian-12.0.0-amd64-netinst.iso']);
    const cfg = await simEnv().client.request<Record<string, unknown>>(
      'GET',
      `/nodes/${built.node}/qemu/${built.vmid}/config`,
    );
    expect(cfg.template).toBe(1);
  });

  it('fails clearly when the VM is gone', async () => {
    const err = await simEnv()
      .engine.jobs.finalise.reconcile(finaliseTemplateRequestSchema.parse({ vmid: 4242 }), ctxFor())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuilderError);
    expect((err as BuilderError).status).toBe(404);
    expect((err as BuilderError).message).toMatch(/VM 4242 no longer exists in this cluster/);
  });
});
