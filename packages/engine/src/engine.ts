import type { Bridge, ClusterNode, Storage } from '@labforge/contracts';
import { runBuild } from './build.js';
import { runBulk } from './bulk.js';
import { readCatalogue } from './catalogue.js';
import {
  readBridges,
  readResources,
  readVersion,
  storageFromNode,
  storageFromResource,
  toBridge,
  toClusterNode,
} from './cluster-facts.js';
import { KeyedLimiter } from './concurrency.js';
import type { EngineEnv } from './engine-env.js';
import { BuilderError, stepError } from './errors.js';
import { finaliseTemplate } from './finalise.js';
import { IsoInventory } from './iso-inventory.js';
import { runPreflight } from './preflight.js';
import { osTypeInfos } from './presets.js';
import type { PveApi, PveNodeStorage } from './pve-port.js';
import { resumeBulk } from './resume-bulk.js';
import { resumeFinalise } from './resume-finalise.js';
import { resumeBuild } from './resume.js';
import type { BuilderEngine, ClusterRuntime, EngineDeps } from './types.js';
import { VirtioFetcher } from './virtio-fetch.js';
import { VmidAllocator } from './vmid.js';

/** One engine per cluster, created once at start-up: it owns the ISO cache and the VMID lock. */
export function createBuilderEngine(cluster: ClusterRuntime, deps: EngineDeps = {}): BuilderEngine {
  const client: PveApi = cluster.client;
  const now = deps.now ?? Date.now;
  const readConcurrency = deps.readConcurrency ?? 8;
  const inventory = new IsoInventory(client, {
    ttlMs: deps.isoCacheTtlMs ?? 15_000,
    concurrency: readConcurrency,
    now,
  });
  let version: Promise<string | undefined> | undefined;
  const env: EngineEnv = {
    cluster,
    client,
    inventory,
    vmids: new VmidAllocator(client),
    virtio: new VirtioFetcher(cluster, client, inventory, deps.logger),
    nodeLimiter: new KeyedLimiter(deps.perNodeBuildConcurrency ?? 2),
    readConcurrency,
    logger: deps.logger,
    now,
    version: () => (version ??= readVersion(client)),
  };

  /** One line per operation with its outcome; never request bodies (no secrets pass here). */
  async function logged<T>(
    op: string,
    ctx: { jobId: string; user: string },
    fn: () => Promise<T>,
  ): Promise<T> {
    const meta = { cluster: cluster.id, job: ctx.jobId, user: ctx.user, op };
    const started = now();
    try {
      const out = await fn();
      deps.logger?.info({ ...meta, ms: now() - started }, `${op} finished`);
      return out;
    } catch (err) {
      const e = err instanceof BuilderError ? { status: err.status, step: err.step } : {};
      deps.logger?.warn(
        {
          ...meta,
          ...e,
          ms: now() - started,
          err: err instanceof Error ? err.message : String(err),
        },
        `${op} failed`,
      );
      throw err;
    }
  }

  return {
    async listIsos({ node, refresh }) {
      if (node !== undefined) return inventory.listNode(node);
      const { isos, nodes, fetched_at } = await inventory.list(refresh === true);
      return { isos, nodes, fetched_at };
    },
    async listStorages({ node }): Promise<Storage[]> {
      if (node === undefined) {
        return (await readResources(client, 'storage'))
          .filter((s) => (s.content ?? '').split(',').includes('images'))
          .map(storageFromResource)
          .sort((a, b) => a.node.localeCompare(b.node) || a.storage.localeCompare(b.storage));
      }
      try {
        const list = await client.request<PveNodeStorage[]>(
          'GET',
          `/nodes/${encodeURIComponent(node)}/storage`,
          {
            content: 'images',
            enabled: 1,
          },
        );
        return list
          .map((s) => storageFromNode(node, s))
          .sort((a, b) => a.storage.localeCompare(b.storage));
      } catch (err) {
        throw stepError('list-storages', `Listing the storages of node ${node} failed`, err);
      }
    },
    async listNodes(): Promise<ClusterNode[]> {
      return (await readResources(client, 'node'))
        .map(toClusterNode)
        .sort((a, b) => a.node.localeCompare(b.node));
    },
    async listBridges(node): Promise<Bridge[]> {
      try {
        return (await readBridges(client, node))
          .map(toBridge)
          .sort((a, b) => a.iface.localeCompare(b.iface));
      } catch (err) {
        throw stepError('list-bridges', `Listing the bridges of node ${node} failed`, err);
      }
    },
    osTypes: () => osTypeInfos(),
    preflight: (req) => runPreflight(env, req),
    build: (req, ctx) => logged('build', ctx, () => runBuild(env, req, ctx)),
    resume: (req, checkpoint, ctx) =>
      logged('resume', ctx, () => resumeBuild(env, req, checkpoint, ctx)),
    buildBulk: (req, ctx) => logged('bulk', ctx, () => runBulk(env, req, ctx)),
    resumeBulk: (req, ctx) =>
      logged('resume-bulk', ctx, () => resumeBulk(env, req, ctx, deps.reconcile)),
    finaliseTemplate: (req, ctx) => logged('finalise', ctx, () => finaliseTemplate(env, req, ctx)),
    resumeFinalise: (req, ctx, checkpoint) =>
      logged('resume-finalise', ctx, () => resumeFinalise(env, req, ctx, checkpoint)),
    catalogue: () => readCatalogue(env),
    invalidateIsos: () => inventory.invalidate(),
  };
}
