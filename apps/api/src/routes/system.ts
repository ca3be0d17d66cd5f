import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { defineRoute } from './define-route.js';

interface Probe {
  at: number;
  value: { reachable: boolean; pve_version?: string; error?: string };
}
const PROBE_TTL_MS = 5_000;
const PROBE_TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_r, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);
}

export function systemRoutes(app: FastifyInstance, ctx: AppContext, version: string): void {
  // Health is public: cache probes so anonymous callers cannot hammer Proxmox through us.
  const probes = new Map<string, Probe>();
  async function probe(id: string): Promise<Probe['value']> {
    const cached = probes.get(id);
    if (cached && Date.now() - cached.at < PROBE_TTL_MS) return cached.value;
    const cluster = ctx.clusters.get(id);
    let value: Probe['value'];
    try {
      value = {
        reachable: true,
        pve_version: await withTimeout(cluster!.ping(), PROBE_TIMEOUT_MS),
      };
    } catch {
      // No error text to anonymous callers: it could name internal hosts.
      value = { reachable: false, error: 'Proxmox did not answer' };
    }
    probes.set(id, { at: Date.now(), value });
    return value;
  }

  defineRoute(app, endpoints.health, async (_req, reply) => {
    let dbOk = true;
    try {
      ctx.db.prepare('SELECT 1').get();
    } catch {
      dbOk = false;
    }
    const clusters = await Promise.all(
      [...ctx.clusters.values()].map(async (c) => ({
        id: c.id,
        name: c.name,
        ...(await probe(c.id)),
      })),
    );
    return reply.code(dbOk ? 200 : 503).send({ ok: dbOk, version, clusters });
  });

  defineRoute(app, endpoints.listClusters, async () => ({
    ok: true as const,
    clusters: [...ctx.clusters.values()].map((c) => ({ id: c.id, name: c.name })),
  }));
}
