import type { DeployJobRequest } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import { parseDeployDescription } from '../src/index.js';
import { builderFailure, ctxFor, useSimEnv } from './support/sim-env.js';
import { deploySeed } from './support/seeds.js';

const simEnv = useSimEnv({
  seed: deploySeed(),
  deps: { deploy: { retryBaseMs: 40, pollMs: 20, cloneWaitMs: 5000 } },
});

const req = (input: Partial<DeployJobRequest>): DeployJobRequest => ({
  template_vmid: 9100,
  class_name: 'Networks 1',
  count: 4,
  name_pattern: 'lab-{nn}',
  start: false,
  ...input,
});

interface VmRow {
  vmid: number;
  name?: string;
  node?: string;
  lock?: string;
}
const vms = async (prefix: string) =>
  (await simEnv().client.request<VmRow[]>('GET', '/cluster/resources', { type: 'vm' })).filter(
    (v) => v.name?.startsWith(prefix),
  );

const logLines = (events: ReturnType<typeof ctxFor>['events']) =>
  events.flatMap((e) => (e.type === 'log' ? [e.line] : []));

describe('deploying a class', () => {
  it('makes linked clones of a template on shared storage across the nodes, each marked as this job', async () => {
    const ctx = ctxFor('alice');
    const out = await simEnv().engine.jobs.deploy.run(req({ count: 12, tags: ['net1'] }), ctx);
    expect(out.clone).toBe('linked');
    expect(out.items.map((i) => [i.index, i.name, i.status])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, `lab-${String(i + 1).padStart(2, '0')}`, 'ok']),
    );
    const ids = out.items.map((i) => i.vmid);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(out.items.map((i) => i.node)).size).toBeGreaterThan(1);
    const first = out.items[0];
    const cfg = await simEnv().client.qemu.config(first?.node ?? '', first?.vmid ?? 0);
    expect(String(cfg.scsi0)).toMatch(
      /^nfs-images:9100\/base-9100-disk-0\.raw\/\d+\/vm-\d+-disk-0/,
    );
    // PVE stores tags sorted and unique: the template's, labforge's and the teacher's.
    expect(cfg.tags).toBe('labforge;net1;ubuntu');
    expect(parseDeployDescription(cfg.description)).toMatchObject({
      job_id: ctx.jobId,
      index: '1',
      deployed_by: 'alice',
      class: 'Networks 1',
    });
    // Per-VM steps carry the VM's name; the checkpoint records every item.
    const cp = ctx.events.filter((e) => e.type === 'checkpoint').at(-1);
    expect(cp?.type === 'checkpoint' && Object.keys(cp.checkpoint.items as object)).toHaveLength(
      12,
    );
  });

  it('puts every VM of the class in the Proxmox pool it names; an unknown pool stops nothing else', async () => {
    const out = await simEnv().engine.jobs.deploy.run(
      req({ count: 3, name_pattern: 'bio-{nn}', pool: 'class-2b' }),
      ctxFor('alice'),
    );
    expect(out.items.map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
    const rows = await simEnv().client.request<Array<VmRow & { pool?: string }>>(
      'GET',
      '/cluster/resources',
      { type: 'vm' },
    );
    const bio = rows.filter((v) => v.name?.startsWith('bio-'));
    expect(bio.map((v) => v.pool)).toEqual(['class-2b', 'class-2b', 'class-2b']);
    // PVE refuses a pool that does not exist (a permission error): each VM says so, none is left.
    const bad = await simEnv().engine.jobs.deploy.run(
      req({ count: 2, name_pattern: 'nopool-{nn}', pool: 'no-such-pool' }),
      ctxFor('alice'),
    );
    expect(bad.items.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(bad.items[0]?.message).toMatch(/pool 'no-such-pool' does not exist/);
    expect(await vms('nopool-')).toEqual([]);
  });

  it('retries clones that met a storage lock timeout, with backoff, until they succeed', async () => {
    await simEnv().control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/clone',
      count: 1,
      effect: { type: 'storage-lock', storage: 'nfs-images', ms: 60000 },
    });
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs.deploy.run(
      req({ count: 6, name_pattern: 'lt-{n}' }),
      ctx,
    );
    expect(out.items.map((i) => i.status)).toEqual(Array(6).fill('ok'));
    const retries = logLines(ctx.events).filter((l) => l.startsWith('Proxmox lock timed out'));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toContain("cfs-lock 'storage-nfs-images' error: got lock request timeout");
    expect(await vms('lt-')).toHaveLength(6);
  });

  it('gives up after the bounded retries and leaves no half-made VM behind', async () => {
    const env = simEnv();
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/clone',
      count: 1,
      effect: { type: 'storage-lock', storage: 'nfs-images', ms: 10_000_000 },
    });
    const ctx = ctxFor();
    const out = await env.engine.jobs.deploy.run(req({ count: 2, name_pattern: 'gu-{n}' }), ctx);
    for (const item of out.items) {
      expect(item.status).toBe('failed');
      expect(item.message).toMatch(/^Copying the template failed: clone failed: cfs-lock/);
      expect(item.vmid).toBeUndefined();
    }
    expect(await vms('gu-')).toEqual([]);
  });

  it('one failed clone does not stop the others and its VMID is checked afterwards', async () => {
    const env = simEnv();
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/clone',
      count: 1,
      effect: { type: 'task-error', message: 'disk copy failed' },
    });
    const out = await env.engine.jobs.deploy.run(
      req({ count: 4, name_pattern: 'tf-{n}' }),
      ctxFor(),
    );
    const failed = out.items.filter((i) => i.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toContain('disk copy failed');
    expect(out.items.filter((i) => i.status === 'ok')).toHaveLength(3);
    expect((await vms('tf-')).map((v) => v.name).sort()).toEqual(
      out.items
        .filter((i) => i.status === 'ok')
        .map((i) => i.name)
        .sort(),
    );
  });

  it('a lost answer to a clone POST is not a failure when the clone happened', async () => {
    const env = simEnv();
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/clone',
      count: 1,
      effect: { type: 'drop', when: 'after' },
    });
    const ctx = ctxFor();
    const out = await env.engine.jobs.deploy.run(req({ count: 2, name_pattern: 'lost-{n}' }), ctx);
    expect(out.items.map((i) => i.status)).toEqual(['ok', 'ok']);
    expect(logLines(ctx.events).some((l) => l.startsWith("Proxmox's answer was lost"))).toBe(true);
    expect(await vms('lost-')).toHaveLength(2);
  });

  it('keeps VMIDs distinct when two classes and their clones run at once', async () => {
    const [a, b] = await Promise.all([
      simEnv().engine.jobs.deploy.run(req({ count: 5, name_pattern: 'ca-{n}' }), ctxFor()),
      simEnv().engine.jobs.deploy.run(req({ count: 5, name_pattern: 'cb-{n}' }), ctxFor()),
    ]);
    const ids = [...a.items, ...b.items].map((i) => i.vmid);
    expect([...a.items, ...b.items].every((i) => i.status === 'ok')).toBe(true);
    expect(new Set(ids).size).toBe(10);
  });

  it('names VMs after a list of students', async () => {
    const out = await simEnv().engine.jobs.deploy.run(
      req({ count: undefined, name_pattern: 'net-{name}', names: ['Zoë Smith', 'Ali B.'] }),
      ctxFor(),
    );
    expect(out.items.map((i) => i.name)).toEqual(['net-zoe-smith', 'net-ali-b']);
  });
});

describe('linked clones only where Proxmox allows them', () => {
  it('refuses linked clones of a template on thick LVM with the reason, naming clone', async () => {
    const err = await builderFailure(
      simEnv().engine.jobs.deploy.run(req({ template_vmid: 9300, clone: 'linked' }), ctxFor()),
    );
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      "A linked clone is not possible: the template's disk is on storage 'thick' (LVM), which cannot make linked clones. Choose a full clone.",
    );
    expect(err.details).toMatchObject({ fields: { clone: err.message } });
  });

  it('makes full clones of it by default and says why', async () => {
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs.deploy.run(
      req({ template_vmid: 9300, count: 2, name_pattern: 'fl-{n}' }),
      ctx,
    );
    expect(out.clone).toBe('full');
    expect(out.items.map((i) => [i.status, i.node])).toEqual([
      ['ok', 'pve1'],
      ['ok', 'pve1'],
    ]);
    expect(out.warnings.join(' ')).toContain("storage 'thick' (LVM)");
  });

  it('keeps clones of a template on local storage on its node, and refuses other nodes naming nodes', async () => {
    const err = await builderFailure(
      simEnv().engine.jobs.deploy.run(req({ template_vmid: 9000, nodes: ['pve2'] }), ctxFor()),
    );
    expect(err.status).toBe(422);
    expect(err.message).toContain('only pve1 can read, so its clones stay on pve1');
    expect(Object.keys((err.details?.fields ?? {}) as object)).toEqual(['nodes']);
  });
});

describe('a deployment after an API restart', () => {
  it('matches the VMs already cloned to their items and clones only the missing ones', async () => {
    const first = ctxFor();
    const early = await simEnv().engine.jobs.deploy.run(
      req({ count: 3, name_pattern: 'rs-{n}' }),
      first,
    );
    const checkpoint = first.events.filter((e) => e.type === 'checkpoint').at(-1);
    const again = { ...ctxFor(), jobId: first.jobId };
    const out = await simEnv().engine.jobs.deploy.reconcile(
      req({ count: 5, name_pattern: 'rs-{n}' }),
      again,
      checkpoint?.type === 'checkpoint' ? checkpoint.checkpoint : undefined,
    );
    expect(out.items.map((i) => [i.name, i.status])).toEqual([
      ['rs-1', 'ok'],
      ['rs-2', 'ok'],
      ['rs-3', 'ok'],
      ['rs-4', 'ok'],
      ['rs-5', 'ok'],
    ]);
    expect(out.items.slice(0, 3).map((i) => i.vmid)).toEqual(early.items.map((i) => i.vmid));
    const cloned = again.events.filter(
      (e) => e.type === 'step' && e.step === 'clone' && e.status === 'done',
    );
    expect(cloned.map((e) => (e.type === 'step' ? e.item : ''))).toEqual(
      expect.arrayContaining(['rs-4', 'rs-5']),
    );
    expect(cloned).toHaveLength(2);
    expect(await vms('rs-')).toHaveLength(5);
  });

  it('waits for a clone still running and never clones its item twice', async () => {
    const env = simEnv();
    // A slow clone (storage held long) left running by the "dead" process.
    await env.control.call('POST', '/_sim/storages/nfs-images', { lockHoldMs: 400_000 });
    const first = ctxFor();
    const controller = new AbortController();
    const dying = env.engine.jobs.deploy.run(req({ count: 1, name_pattern: 'wt-{n}' }), {
      ...first,
      signal: controller.signal,
    });
    // Stop following it once the clone runs (the task itself goes on in Proxmox).
    for (
      let i = 0;
      i < 200 &&
      !first.events.some(
        (e) =>
          e.type === 'checkpoint' &&
          e.checkpoint.items &&
          JSON.stringify(e.checkpoint.items).includes('cloning'),
      );
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    const checkpoint = first.events.filter((e) => e.type === 'checkpoint').at(-1);
    const again = { ...ctxFor(), jobId: first.jobId };
    const out = await env.engine.jobs.deploy.reconcile(
      req({ count: 1, name_pattern: 'wt-{n}' }),
      again,
      checkpoint?.type === 'checkpoint' ? checkpoint.checkpoint : undefined,
    );
    await dying;
    expect(out.items.map((i) => i.status)).toEqual(['ok']);
    expect(await vms('wt-')).toHaveLength(1);
  });
});
