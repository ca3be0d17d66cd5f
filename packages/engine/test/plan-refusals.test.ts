import { buildRequestSchema, type BuildRequestInput } from '@labforge/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuilderError } from '../src/index.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

/** What Proxmox would refuse is refused at plan time, naming the field, not answered as a 502. */
let env: SimEnv;
beforeAll(async () => {
  env = await startEnv();
});
beforeEach(async () => {
  await env.control.reset();
});
afterAll(async () => {
  expect(await env.nonConforming()).toEqual([]);
  await env.close();
});

const req = (input: Partial<BuildRequestInput> = {}) =>
  buildRequestSchema.parse({
    vm_name: 'refused',
    iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
    storage: 'local-lvm',
    ...input,
  });

async function refusal(p: Promise<unknown>): Promise<BuilderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BuilderError);
  return err as BuilderError;
}

describe('refused before anything is created', () => {
  it('a CPU model the node does not offer: 400 naming cpu_type, in build, preflight and bulk', async () => {
    // The contract allows any well-formed model name; only the node knows which exist.
    const bad = req({ cpu_type: 'Pentium4-Extreme' });
    const err = await refusal(env.engine.jobs.build.run(bad, ctxFor()));
    expect(err.status).toBe(400);
    expect(err.details).toMatchObject({
      fields: {
        cpu_type: expect.stringMatching(
          /^cpu_type 'Pentium4-Extreme' is not a CPU model Proxmox offers on pve\d; try host/,
        ),
      },
    });
    const pre = await env.engine.preflight(bad);
    expect(pre.would_succeed).toBe(false);
    expect(pre.checks.some((c) => !c.ok && /Pentium4-Extreme/.test(c.message))).toBe(true);
    const { name: _n, vm_name: _v, ...rest } = { name: '', ...bad };
    const bulk = await refusal(
      env.engine.jobs.bulk.run(
        { ...rest, count: 2, name_pattern: 'cpu-{nn}', start_index: 1 },
        ctxFor(),
      ),
    );
    expect(bulk.status).toBe(400);
    // A model the node lists builds as before.
    const ok = await env.engine.jobs.build.run(req({ cpu_type: 'EPYC-Rome' }), ctxFor());
    expect(ok.vmid).toBeGreaterThan(0);
  });

  it('a thin pool with nothing left: 507 (it cannot create a volume); merely overcommitted: a warning', async () => {
    for (const node of ['pve1', 'pve2', 'pve3'])
      await env.control.setStorage('local-lvm', {
        used: 100 * 2 ** 30,
        total: 100 * 2 ** 30,
        node,
      });
    const full = await refusal(env.engine.jobs.build.run(req(), ctxFor()));
    expect(full.status).toBe(507);
    expect(full.message).toMatch(
      /^Storage 'local-lvm' on node 'pve\d' is full: 0(\.0)? GiB available/,
    );
    await env.control.reset();
    for (const node of ['pve1', 'pve2', 'pve3'])
      await env.control.setStorage('local-lvm', { used: 95 * 2 ** 30, total: 100 * 2 ** 30, node });
    const pre = await env.engine.preflight(req({ disk_size_gb: 64 }));
    expect(pre.checks.filter((c) => !c.ok)).toEqual([]);
    expect(pre.would_succeed).toBe(true);
    expect(pre.warnings.join(' ')).toMatch(/thin pool 'local-lvm' on pve\d .* overcommits/);
  });

  it("Proxmox's own 400 on create: a 400 naming the request's field, with PVE's reason", async () => {
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: {
        type: 'status',
        status: 400,
        reason: 'Parameter verification failed.',
        body: {
          data: null,
          message: 'Parameter verification failed.\n',
          errors: { memory: 'value must have a minimum value of 16\n' },
        },
      },
    });
    const err = await refusal(env.engine.jobs.build.run(req(), ctxFor()));
    expect(err.status).toBe(400);
    expect(err.details).toMatchObject({
      fields: {
        memory_mb: 'Proxmox refused memory_mb (memory): value must have a minimum value of 16',
      },
    });
  });
});
