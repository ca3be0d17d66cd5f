import type { FastifyInstance } from 'fastify';
import { resolveSeed } from '../seeds/load.js';
import type { Simulator } from '../simulator.js';
import { DEFAULT_STORAGE_LOCK_HOLD_MS } from '../workers/clone-disk.js';
import { registerConsoleControl } from './console-routes.js';
import type { FaultRuleInput } from './faults.js';
import { registerGuestControl } from './guest-routes.js';
import { faultRuleProblem } from './fault-input.js';
import { registerWorkerControl } from './workers.js';

type Body = Record<string, unknown> | undefined;

/** The test control plane; never under /api2 so it cannot collide with PVE paths. */
export function registerControl(app: FastifyInstance, sim: Simulator): void {
  registerConsoleControl(app, sim);
  app.get('/_sim/health', async () => ({
    status: 'ok',
    nodes: sim.state.nodes.size,
    vms: sim.state.vms.size,
    tasks: sim.tasks.tasks.size,
    taskSpeed: sim.taskSpeed,
  }));
  app.post('/_sim/reset', async () => {
    await sim.reset();
    return { status: 'ok' };
  });
  app.post('/_sim/seed', async (req, reply) => {
    const body = req.body as Body;
    try {
      const source = body && 'seed' in body ? body.seed : body;
      await sim.reset(resolveSeed(source as Parameters<typeof resolveSeed>[0]));
      return { status: 'ok' };
    } catch (err) {
      return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
    }
  });
  app.get('/_sim/clock', async () => ({ now: sim.now() }));
  app.post('/_sim/clock', async (req) => {
    const body = (req.body as Body) ?? {};
    const seconds = Number(body.advance ?? 0);
    sim.clock.advance(seconds * 1000);
    return { now: sim.now() };
  });
  app.get('/_sim/requests', async (req) => {
    const since = Number((req.query as Record<string, string>).since ?? 0);
    return sim.journal.since(Number.isFinite(since) ? since : 0);
  });
  app.delete('/_sim/requests', async () => {
    sim.journal.clear();
    return { status: 'ok' };
  });
  app.get('/_sim/faults', async () => sim.faults.rules);
  app.post('/_sim/faults', async (req, reply) => {
    const body = req.body as FaultRuleInput | FaultRuleInput[] | undefined;
    const rules = Array.isArray(body) ? body : body ? [body] : [];
    for (const r of rules) {
      const problem = faultRuleProblem(r);
      if (problem) return reply.code(400).send({ error: problem });
    }
    return rules.map((r) => sim.faults.add(r));
  });
  app.delete('/_sim/faults', async () => {
    sim.faults.clear();
    return { status: 'ok' };
  });
  registerWorkerControl(app, sim);
  app.post('/_sim/nodes/:node', async (req, reply) => {
    const n = sim.state.nodes.get((req.params as { node: string }).node);
    if (!n) return reply.code(404).send({ error: 'no such node' });
    const body = (req.body as Body) ?? {};
    if (typeof body.online === 'boolean') n.online = body.online;
    return { node: n.name, online: n.online };
  });
  app.post('/_sim/storages/:storage', async (req, reply) => {
    const { storage } = req.params as { storage: string };
    const body = (req.body as Body) ?? {};
    const pools = [...sim.state.pools.values()].filter(
      (p) =>
        p.storage === storage &&
        (body.node === undefined ||
          p.key === storage ||
          p.key === `${storage}/${String(body.node)}`),
    );
    if (pools.length === 0) return reply.code(404).send({ error: 'no such storage' });
    for (const p of pools) {
      if (typeof body.used === 'number') p.used = body.used;
      if (typeof body.total === 'number') p.total = body.total;
    }
    if (typeof body.lockHoldMs === 'number') sim.storageLockHoldMs.set(storage, body.lockHoldMs);
    const lockHoldMs = sim.storageLockHoldMs.get(storage) ?? DEFAULT_STORAGE_LOCK_HOLD_MS;
    return pools.map((p) => ({ key: p.key, used: p.used, total: p.total, lockHoldMs }));
  });
  registerGuestControl(app, sim);
}
