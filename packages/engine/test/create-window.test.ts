import { buildRequestSchema } from '@labforge/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuilderError, createBuilderEngine, type BuildCheckpoint } from '../src/index.js';
import { killableProxy } from './support/killable-proxy.js';
import { clientFor, ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

/**
 * The create window: between choosing a VMID and knowing the create's task, the answer can be
 * lost (connection dropped) or the API can die. Every case ends with exactly one VM for the job,
 * adopted, or none, and says which.
 */
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

const req = buildRequestSchema.parse({
  vm_name: 'window-vm',
  iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
  storage: 'local-lvm',
});

interface Vm {
  vmid: number;
  name?: string;
}
async function vmsOfJob(jobId: string): Promise<Vm[]> {
  const vms = await env.client.request<Array<Vm & { node: string }>>('GET', '/cluster/resources', {
    type: 'vm',
  });
  const mine: Vm[] = [];
  for (const v of vms) {
    const cfg = await env.client.request<{ description?: string }>(
      'GET',
      `/nodes/${v.node}/qemu/${v.vmid}/config`,
    );
    if (cfg.description?.includes(jobId))
      mine.push({ vmid: v.vmid, ...(v.name ? { name: v.name } : {}) });
  }
  return mine;
}

const createFault = (effect: Record<string, unknown>) =>
  env.control.fault({ method: 'POST', path: '/nodes/*/qemu', count: 1, effect });

describe('a lost answer to the create', () => {
  it('after Proxmox accepted it: the VM is adopted, and the build says so', async () => {
    await createFault({ type: 'drop', when: 'after', reset: true });
    const ctx = ctxFor();
    const out = await env.engine.jobs.build.run(req, ctx);
    expect(await vmsOfJob(ctx.jobId)).toEqual([{ vmid: out.vmid, name: 'window-vm' }]);
    expect(out.warnings.join('\n')).toMatch(
      new RegExp(
        `connection to Proxmox broke while creating the VM; Proxmox had created VM ${out.vmid}`,
      ),
    );
  });

  it('before Proxmox handled it: nothing exists, and the failure says nothing was left', async () => {
    await createFault({ type: 'drop', reset: true });
    const ctx = ctxFor();
    const err = await env.engine.jobs.build.run(req, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuilderError);
    expect((err as BuilderError).status).toBe(502);
    expect((err as BuilderError).message).toMatch(
      /Proxmox did not create VM \d+, so nothing was left behind/,
    );
    expect(await vmsOfJob(ctx.jobId)).toEqual([]);
  });

  it('when the create task then failed: its error is reported and nothing is left', async () => {
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu',
      count: 1,
      effect: { type: 'task-error', message: 'lvcreate failed: out of extents' },
    });
    await createFault({ type: 'drop', when: 'after', reset: true });
    const ctx = ctxFor();
    const err = await env.engine.jobs.build.run(req, ctx).catch((e: unknown) => e);
    expect((err as BuilderError).message).toMatch(/^Creating the VM failed: .*out of extents/);
    expect(await vmsOfJob(ctx.jobId)).toEqual([]);
  });
});

describe('a lost answer to the template conversion', () => {
  it('is checked, not taken for a failure: the VM becomes a template and is kept', async () => {
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/template',
      count: 1,
      effect: { type: 'drop', when: 'after', reset: true },
    });
    const ctx = ctxFor();
    const out = await env.engine.jobs.build.run({ ...req, convert_to_template: true }, ctx);
    expect(out.template).toBe(true);
    expect(await vmsOfJob(ctx.jobId)).toEqual([{ vmid: out.vmid, name: 'window-vm' }]);
    const cfg = await env.client.request<{ template?: number }>(
      'GET',
      `/nodes/${out.node}/qemu/${out.vmid}/config`,
    );
    expect(cfg.template).toBe(1);
  });
});

/**
 * An API process that dies: a second engine with its own client stands for the dead process,
 * whose client is closed mid-request (nothing of it survives but the checkpoints it wrote).
 */
async function dieAround(
  fault: Record<string, unknown>,
): Promise<{ ctx: ReturnType<typeof ctxFor>; checkpoint: BuildCheckpoint }> {
  await createFault(fault);
  const proxy = await killableProxy(env.sim.url);
  const dying = clientFor({ ...env.sim, url: proxy.url }, 'token');
  const engine = createBuilderEngine({ ...env.cluster, client: dying }, { isoCacheTtlMs: 0 });
  const ctx = ctxFor();
  const running = engine.jobs.build.run(req, ctx).catch(() => undefined);
  for (let i = 0; i < 200; i++) {
    if (ctx.events.some((e) => e.type === 'checkpoint' && e.checkpoint.step === 'creating')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  // Give the request time to reach the simulator, then kill the "process".
  await new Promise((r) => setTimeout(r, 150));
  proxy.kill();
  // What the dead process still does is lost with it: its later requests find no server.
  await running;
  await dying.close();
  const checkpoints = ctx.events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []));
  return { ctx, checkpoint: checkpoints.at(-1) as BuildCheckpoint };
}

/** The same job, picked up by the restarted process. */
function restarted(ctx: ReturnType<typeof ctxFor>): ReturnType<typeof ctxFor> {
  const fresh = ctxFor();
  return { ...fresh, jobId: ctx.jobId };
}

describe('the API dies around the create', () => {
  it('while the request was in flight, before Proxmox handled it: built once, afresh', async () => {
    const { ctx, checkpoint } = await dieAround({ type: 'delay', ms: 1000 });
    expect(checkpoint.step).toBe('creating');
    const out = await env.engine.jobs.build.reconcile(req, restarted(ctx), checkpoint);
    expect(await vmsOfJob(ctx.jobId)).toEqual([{ vmid: out.vmid, name: 'window-vm' }]);
  });

  it('after Proxmox accepted it, before the answer arrived: the running create is adopted', async () => {
    const { ctx, checkpoint } = await dieAround({ type: 'delay', ms: 1500, when: 'after' });
    expect(checkpoint.step).toBe('creating');
    const created = checkpoint.vmid as number;
    const out = await env.engine.jobs.build.reconcile(req, restarted(ctx), checkpoint);
    expect(out.vmid).toBe(created);
    expect(await vmsOfJob(ctx.jobId)).toEqual([{ vmid: created, name: 'window-vm' }]);
  });

  it('with a checkpoint written but the request never sent: built once', async () => {
    const ctx = ctxFor();
    const vmid = Number(await env.client.request<string>('GET', '/cluster/nextid'));
    const checkpoint: BuildCheckpoint = {
      step: 'creating',
      name: 'window-vm',
      node: 'pve1',
      storage: 'local-lvm',
      placement: { node: 'pve1', reason: 'test', candidates: ['pve1'], rejected: [] },
      created: false,
      vmid,
      createSince: Math.floor(Date.now() / 1000) - 300,
    };
    const out = await env.engine.jobs.build.reconcile(req, ctx, checkpoint);
    expect(await vmsOfJob(ctx.jobId)).toEqual([{ vmid: out.vmid, name: 'window-vm' }]);
  });
});
