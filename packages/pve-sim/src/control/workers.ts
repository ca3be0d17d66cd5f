import type { FastifyInstance } from 'fastify';
import { DAEMONS, type WorkerLimits, checkWorkerLimits } from '../http/workers.js';
import type { Simulator } from '../simulator.js';

type Body = Record<string, unknown> | undefined;

function settings(sim: Simulator) {
  return { ...sim.workers.limits, proxyHopMs: sim.proxyHopMs, entryNode: sim.entryNode };
}

/** Worker pool settings and queue metrics (see README "Request handling"). */
export function registerWorkerControl(app: FastifyInstance, sim: Simulator): void {
  app.get('/_sim/workers', async () => settings(sim));
  app.post('/_sim/workers', async (req, reply) => {
    const body = (req.body as Body) ?? {};
    const known = new Set(['workers', 'proxyHopMs', ...DAEMONS]);
    const unknown = Object.keys(body).filter((k) => !known.has(k));
    if (unknown.length > 0) return reply.code(400).send({ error: `unknown key ${unknown[0]}` });
    const limits: Partial<WorkerLimits> = {};
    if (body.workers !== undefined) {
      limits.pveproxy = body.workers as number;
      limits.pvedaemon = body.workers as number;
    }
    for (const d of DAEMONS) if (body[d] !== undefined) limits[d] = body[d] as number;
    const hop = body.proxyHopMs;
    try {
      checkWorkerLimits({ ...sim.workers.limits, ...limits });
      if (hop !== undefined && (typeof hop !== 'number' || !Number.isFinite(hop) || hop < 0))
        throw new Error('proxyHopMs must be a non-negative number');
    } catch (err) {
      return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
    }
    sim.workers.setLimits(limits);
    if (typeof hop === 'number') sim.proxyHopMs = hop;
    return settings(sim);
  });
  app.get('/_sim/metrics', async () => ({
    ...settings(sim),
    nodes: sim.workers.metrics(sim.state.nodes.keys()),
  }));
  app.delete('/_sim/metrics', async () => {
    sim.workers.resetCounters();
    return { status: 'ok' };
  });
}
