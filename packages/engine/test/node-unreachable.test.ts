import { buildRequestSchema } from '@labforge/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuilderError, createBuilderEngine } from '../src/index.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

let env: SimEnv;
beforeAll(async () => {
  env = await startEnv();
});
beforeEach(async () => {
  await env.control.reset();
});
afterAll(async () => {
  await env.close();
});

const req = buildRequestSchema.parse({
  vm_name: 'lost-node',
  iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
  storage: 'local-lvm',
});

describe('a node that drops out during a build', () => {
  it('is reported with since when, and the build settles after the bound, saying what is left', async () => {
    const engine = createBuilderEngine(env.cluster, { isoCacheTtlMs: 0, nodeUnreachableMs: 400 });
    // Slow task polls: the node can go away while the build waits for its create.
    await env.control.fault({
      method: 'GET',
      path: '/nodes/*/tasks/*/status',
      effect: { type: 'delay', ms: 150 },
    });
    const ctx = ctxFor();
    const running = engine.jobs.build.run(req, ctx).catch((e: unknown) => e);
    let node: string | undefined;
    for (let i = 0; i < 300 && !node; i++) {
      const cp = ctx.events.find((e) => e.type === 'checkpoint' && e.checkpoint.step === 'create');
      if (cp?.type === 'checkpoint') node = cp.checkpoint.node as string;
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(node).toBeDefined();
    await env.control.setNode(node!, false);
    const err = await running;
    expect(err).toBeInstanceOf(BuilderError);
    const e = err as BuilderError;
    expect(e.message).toMatch(
      new RegExp(
        `node ${node} has been unreachable since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; stopped waiting`,
      ),
    );
    // The VM may exist on the unreachable node: that is said, not hidden.
    expect(e.details).toMatchObject({ node, left_over: true });
    const said = ctx.events.filter(
      (x) =>
        x.type === 'step' && x.step === 'create' && /unreachable since .* UTC/.test(x.detail ?? ''),
    );
    expect(said.length).toBeGreaterThan(0);
  });

  it('a node back online is used again within seconds, not after the ISO cache lifetime', async () => {
    let t = 1_000_000;
    const engine = createBuilderEngine(env.cluster, { isoCacheTtlMs: 15_000, now: () => t });
    await env.control.setNode('pve2', false);
    const offline = await engine.listIsos({});
    expect(offline.nodes.find((n) => n.node === 'pve2')?.status).toBe('offline');
    await env.control.setNode('pve2', true);
    t += 1_000;
    expect((await engine.listIsos({})).nodes.find((n) => n.node === 'pve2')?.status).toBe(
      'offline',
    );
    t += 1_500;
    const back = await engine.listIsos({});
    expect(back.nodes.find((n) => n.node === 'pve2')?.status).toBe('ok');
    // With every node online the cache keeps its full lifetime.
    t += 5_000;
    expect((await engine.listIsos({})).fetched_at).toBe(back.fetched_at);
  });
});
